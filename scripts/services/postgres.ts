/**
 * A throwaway Postgres on 127.0.0.1 from Debian's server binaries: a fresh cluster in a folder
 * of its own, run as a non-root user (the server refuses root), with one database and login
 * role for n8n.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { runCommand } from '../n8n/runCommand';
import { startManagedProcess, type ManagedProcess } from './managedProcess';
import { aptInstall, findOnPath } from './systemPackages';

const execFileAsync = promisify(execFile);

export interface PostgresOptions {
	port: number;
	/** Created if missing; holds the cluster (`data/`) and the server's socket. */
	dir: string;
	database: string;
	user: string;
	password: string;
	log?: (line: string) => void;
}

export interface RunningPostgres {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	process: ManagedProcess;
	/** Runs SQL as the superuser in the database; psql's unaligned, tuples-only output. */
	sql(statements: string): Promise<string>;
	/** The rows of a SELECT, as objects keyed by column name. */
	rows<T = Record<string, unknown>>(select: string): Promise<T[]>;
	/** Another database in this server, owned by a login role of its own (a user's own data beside n8n's). */
	addDatabase(database: string, user: string, password: string): Promise<Omit<RunningPostgres, 'process' | 'stop' | 'addDatabase'>>;
	stop(): Promise<void>;
}

/** What n8n needs in its environment to keep its database in this server. */
export function n8nDatabaseEnv(postgres: RunningPostgres): Record<string, string> {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
	};
}

/** The OS account the server runs as; uid/gid are set when this script runs as root. */
interface ServerAccount {
	name: string;
	uid?: number;
	gid?: number;
}

const SERVER_ACCOUNT = 'postgres';
const REQUIRED_BINARIES = ['initdb', 'postgres', 'psql'];

function hasBinaries(dir: string): boolean {
	return REQUIRED_BINARIES.every((name) => fs.existsSync(path.join(dir, name)));
}

/** Where initdb on PATH really lives (Debian links it from /usr/lib/postgresql/<ver>/bin), else the newest Debian install. */
function findBinDir(): string | undefined {
	const initdb = findOnPath('initdb');
	const onPath = initdb === undefined ? undefined : path.dirname(fs.realpathSync(initdb));
	if (onPath !== undefined && hasBinaries(onPath)) return onPath;
	const debianRoot = '/usr/lib/postgresql';
	const versions = fs.existsSync(debianRoot) ? fs.readdirSync(debianRoot).filter((name) => /^\d+$/.test(name)) : [];
	return versions
		.sort((a, b) => Number(b) - Number(a))
		.map((version) => path.join(debianRoot, version, 'bin'))
		.find(hasBinaries);
}

async function postgresBinDir(log: (line: string) => void): Promise<string> {
	const found = findBinDir();
	if (found !== undefined) return found;
	await aptInstall('postgresql', log);
	const installed = findBinDir();
	if (installed === undefined) throw new Error('apt-get installed postgresql, but no initdb/postgres/psql were found');
	return installed;
}

async function lookUpAccount(name: string): Promise<ServerAccount | undefined> {
	try {
		const [, , uid, gid] = (await runCommand('getent', ['passwd', name])).trim().split(':');
		return { name, uid: Number(uid), gid: Number(gid) };
	} catch {
		return undefined;
	}
}

/** As root: the `postgres` system account, created when missing. Otherwise: whoever runs this. */
async function serverAccount(): Promise<ServerAccount> {
	if (process.getuid?.() !== 0) return { name: os.userInfo().username };
	const existing = await lookUpAccount(SERVER_ACCOUNT);
	if (existing !== undefined) return existing;
	await runCommand('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', SERVER_ACCOUNT]);
	const created = await lookUpAccount(SERVER_ACCOUNT);
	if (created === undefined) throw new Error(`useradd created no ${SERVER_ACCOUNT} account`);
	return created;
}

/** A folder the server account owns; its parent must let that account through (e.g. 0711). */
function ownedFolder(dir: string, account: ServerAccount): void {
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	if (account.uid !== undefined && account.gid !== undefined) fs.chownSync(dir, account.uid, account.gid);
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
	const log = options.log ?? (() => {});
	const binDir = await postgresBinDir(log);
	const account = await serverAccount();
	const { dir, port, database } = options;
	ownedFolder(dir, account);
	const dataDir = path.join(dir, 'data');
	const asAccount = { uid: account.uid, gid: account.gid, cwd: dir };

	await runCommand(
		path.join(binDir, 'initdb'),
		['-D', dataDir, '-U', account.name, '--auth-local=peer', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'],
		asAccount,
	);

	// The superuser is the server account, authenticated by the socket peer (no password).
	const psql = async (db: string, statements: string): Promise<string> => {
		const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', account.name, '-d', db, '-c', statements];
		try {
			return (await execFileAsync(path.join(binDir, 'psql'), args, { ...asAccount, maxBuffer: 64 * 1024 * 1024 })).stdout;
		} catch (error) {
			throw new Error(`psql failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}\nSQL: ${statements}`);
		}
	};

	const server = await startManagedProcess({
		name: 'postgres',
		command: path.join(binDir, 'postgres'),
		args: ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`],
		...asAccount,
		isReady: async () => (await psql('postgres', 'SELECT 1')).trim() === '1',
		readyTimeoutMs: 60_000,
		// SIGINT is the "fast" shutdown: clients are disconnected, no waiting for them.
		stopSignal: 'SIGINT',
	});

	const addDatabase = async (name: string, user: string, password: string) => {
		// CREATE DATABASE cannot share a transaction with anything else: one statement per call.
		await psql('postgres', `CREATE ROLE "${user}" LOGIN PASSWORD '${password}'`);
		await psql('postgres', `CREATE DATABASE "${name}" OWNER "${user}"`);
		return {
			host: '127.0.0.1',
			port,
			database: name,
			user,
			password,
			sql: async (statements: string) => await psql(name, statements),
			rows: async <T>(select: string) => JSON.parse(await psql(name, `SELECT coalesce(json_agg(q), '[]'::json) FROM (${select}) AS q`)) as T[],
		};
	};
	try {
		const own = await addDatabase(database, options.user, options.password);
		return { ...own, process: server, addDatabase, stop: server.stop };
	} catch (error) {
		await server.stop();
		throw error;
	}
}
