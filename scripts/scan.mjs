// `npm run scan`: the check n8n runs before it verifies a community package for n8n Cloud, run on
// this checkout. n8n's scanner (@n8n/scan-community-package) only scans published packages; its
// analyzePackage() is the same lint, so this packs the package and analyses the tarball
// (compiled `**/*.js` + package.json) and the source (package.json + nodes/ and credentials/)
// with the scanner's own file patterns and configuration. `eslint-disable` comments count for
// nothing there. analyzePackage() reports errors only, so a second pass with the scanner's
// exported configuration counts the warnings: both must be zero.
// Plain ESM: the scanner is an ES module, and this script never ships.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];
// The same file set analyzePackage() lints.
const GLOB_IGNORE = ['node_modules/**', '**/package-lock.json'];

const scannerPath = createRequire(path.join(PACKAGE_DIR, 'package.json')).resolve(
	'@n8n/scan-community-package/scanner/scanner.mjs',
);
// ESLint and fast-glob exactly as the scanner itself resolves them.
const requireFromScanner = createRequire(scannerPath);
const { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } = await import(scannerPath);
const { ESLint } = requireFromScanner('eslint');
const glob = requireFromScanner('fast-glob');
const scannerVersion = requireFromScanner('../package.json').version;

function packAndExtract() {
	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voicenter-scan-'));
	const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', workDir], {
		cwd: PACKAGE_DIR,
		encoding: 'utf8',
	});
	const tarball = path.join(workDir, packed.trim().split('\n').pop());
	const extracted = path.join(workDir, 'package');
	fs.mkdirSync(extracted);
	execFileSync('tar', ['-xzf', tarball, '-C', extracted, '--strip-components=1']);
	return { workDir, tarball, extracted };
}

async function scan(label, dir, patterns) {
	const verdict = await analyzePackage(dir, patterns);
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: GLOB_IGNORE });
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	const report = (await (await eslint.loadFormatter('stylish')).format(results)).trim();
	const verdictText = verdict.passed ? 'passed' : `FAILED (${verdict.message})`;
	process.stdout.write(
		`${label}: ${files.length} files (${patterns.join(', ')}), analyzePackage ${verdictText}, ${errors} errors, ${warnings} warnings\n`,
	);
	if (report !== '') process.stdout.write(`${report}\n`);
	return verdict.passed && errors === 0 && warnings === 0;
}

const { workDir, tarball, extracted } = packAndExtract();
try {
	process.stdout.write(`@n8n/scan-community-package ${scannerVersion}, packed ${path.basename(tarball)}\n`);
	const tarballClean = await scan('tarball', extracted, TARBALL_PATTERNS);
	const sourceClean = await scan('source', PACKAGE_DIR, SOURCE_FILE_PATTERNS);
	if (!tarballClean || !sourceClean) {
		process.stdout.write('Scan: not clean. n8n would refuse to verify this package.\n');
		process.exitCode = 1;
	} else {
		process.stdout.write('Scan: clean (0 errors, 0 warnings).\n');
	}
} finally {
	fs.rmSync(workDir, { recursive: true, force: true });
}
