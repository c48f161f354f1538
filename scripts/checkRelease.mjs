// Checks package.json's release metadata. The project's GitHub URL has one home: `repository.url`;
// `homepage` and `bugs` must be derived from it (npm test checks this). Before publishing,
// publish.yml also passes the pushed tag and the repository the workflow runs in: the tag must be
// v<version>, and `repository.url` must name that repository (npm refuses a provenance statement
// for a package whose repository is elsewhere, and n8n's verification compares the two).
//   node scripts/checkRelease.mjs [<tag> <https://github.com/owner/name>]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageJsonPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'package.json');
const pkg = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8'));
const problems = [];

const repositoryUrl = typeof pkg.repository === 'object' ? pkg.repository.url : undefined;
const match = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+?)\.git$/.exec(repositoryUrl ?? '');
if (match === null) {
	problems.push(`repository.url must be git+https://github.com/<owner>/<name>.git (got ${JSON.stringify(repositoryUrl)})`);
} else {
	const githubUrl = match[1];
	if (pkg.homepage !== `${githubUrl}#readme`) problems.push(`homepage must be ${githubUrl}#readme (got ${JSON.stringify(pkg.homepage)})`);
	if (pkg.bugs?.url !== `${githubUrl}/issues`) problems.push(`bugs.url must be ${githubUrl}/issues (got ${JSON.stringify(pkg.bugs?.url)})`);

	const [tag, workflowRepository] = process.argv.slice(2);
	if (tag !== undefined && tag !== `v${pkg.version}`) problems.push(`the tag ${tag} is not v${pkg.version}, the version in package.json`);
	if (workflowRepository !== undefined && workflowRepository.toLowerCase() !== githubUrl.toLowerCase()) {
		problems.push(`repository.url names ${githubUrl}, but this workflow runs in ${workflowRepository}`);
	}
}
if (pkg.license !== 'MIT') problems.push(`license must be MIT for n8n's verification (got ${JSON.stringify(pkg.license)})`);
if (typeof pkg.author?.name !== 'string' || pkg.author.name === '') problems.push('author.name is missing');

if (problems.length > 0) {
	process.stderr.write(`package.json is not ready to release:\n${problems.map((p) => `- ${p}`).join('\n')}\n`);
	process.exitCode = 1;
} else {
	process.stdout.write(`package.json release metadata: OK (${match[1]})\n`);
}
