import { spawn, type SpawnOptions } from 'node:child_process';

/** Runs a command to completion; rejects with its last output lines when it fails. */
export async function runCommand(command: string, args: string[], options: SpawnOptions = {}): Promise<string> {
	return await new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) resolve(output);
			else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.split('\n').slice(-25).join('\n')}`));
		});
	});
}
