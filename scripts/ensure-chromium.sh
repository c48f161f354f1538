#!/usr/bin/env bash
# The editor e2e drives Chromium through playwright-core (which never downloads a browser):
# CHROMIUM_PATH when set, otherwise Debian's chromium, installed here when missing.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
	[ -x "$CHROMIUM_PATH" ] && exit 0
	echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable" >&2
	exit 1
fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
echo "Installing Debian's chromium (for the editor e2e)…"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
chromium --version
