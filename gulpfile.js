// tsc compiles the TypeScript; this clears dist/ beforehand (a file whose source was removed must
// not be published) and copies what n8n loads beside the compiled code: the icons and the codex
// files.
const fs = require('node:fs');
const { src, dest, task } = require('gulp');

function cleanDist(done) {
	fs.rmSync('dist', { recursive: true, force: true });
	done();
}

function copyNodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('clean', cleanDist);
task('build:icons', copyNodeAssets);
