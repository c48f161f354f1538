/**
 * A certificate authority and a server certificate for 127.0.0.1 and localhost, made at run time
 * with `openssl` into a temporary folder, so the simulator can serve HTTPS that a client trusts
 * through its CA alone (n8n: `NODE_EXTRA_CA_CERTS=<caPath>`), with no "ignore SSL issues" switch.
 * RSA 2048 and TLS as Node offers it (TLS 1.3): what a public HTTPS server commonly presents.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LocalCertificates {
	dir: string;
	/** The CA certificate (PEM), for the client to trust. */
	caPath: string;
	/** The server's key and certificate (PEM), for the simulator's `tls` option. */
	keyPath: string;
	certPath: string;
	/** Deletes the folder. */
	remove(): void;
}

function openssl(dir: string, args: string[]): void {
	execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function makeLocalCertificates(): LocalCertificates {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-sim-tls-'));
	const key = ['-newkey', 'rsa:2048', '-nodes'];
	openssl(dir, [
		'req', '-x509', ...key, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '7',
		'-subj', '/CN=Voicenter simulator test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE',
		'-addext', 'keyUsage=critical,keyCertSign,cRLSign',
	]);
	openssl(dir, ['req', ...key, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1']);
	fs.writeFileSync(
		path.join(dir, 'server.ext'),
		'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n',
	);
	openssl(dir, [
		'x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
		'-out', 'server.pem', '-days', '7', '-extfile', 'server.ext',
	]);
	return {
		dir,
		caPath: path.join(dir, 'ca.pem'),
		keyPath: path.join(dir, 'server.key'),
		certPath: path.join(dir, 'server.pem'),
		remove: () => fs.rmSync(dir, { recursive: true, force: true }),
	};
}
