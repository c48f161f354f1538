// tsc compiles the TypeScript; this copies what n8n loads beside it: the icons and the codex files.
const { src, dest, task } = require('gulp');

function copyNodeAssets() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:icons', copyNodeAssets);
