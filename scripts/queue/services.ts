/**
 * Redis and Postgres for the queue-mode test: Debian's `redis-server` and `postgresql`, installed with
 * apt-get if missing (as root, the way CI runs, or with passwordless sudo), each started by hand on a loopback port with its data
 * in the test's temp dir — not as system services, so nothing outlives the test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { log, startChild, type Child } from './processes';

const PG_ROOT = '/usr/lib/postgresql';

function which(cmd: string): string | undefined {
	const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : undefined;
}

function postgresBinDir(): string | undefined {
	if (!existsSync(PG_ROOT)) return undefined;
	const versions = readdirSync(PG_ROOT)
		.filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? join(PG_ROOT, versions[0], 'bin') : undefined;
}

/** apt-get install of whichever of redis-server / postgresql is missing (root only). */
export function ensureServicePackages(logFile: string): { redisServer: string; pgBin: string } {
	const missing: string[] = [];
	if (!which('redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length > 0) {
		// As root (CI on a plain machine), or with passwordless sudo (a GitHub-hosted runner).
		const root = process.getuid?.() === 0;
		if (!root && spawnSync('sudo', ['-n', 'true']).status !== 0) {
			throw new Error(`missing ${missing.join(', ')}: install them (apt-get install -y ${missing.join(' ')}) or run as root`);
		}
		const apt = root ? 'apt-get' : 'sudo -n DEBIAN_FRONTEND=noninteractive apt-get';
		log(`installing ${missing.join(', ')} with apt-get (log: ${logFile})`);
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const install = () =>
			spawnSync('sh', ['-c', `${apt} install -y --no-install-recommends ${missing.join(' ')} >>'${logFile}' 2>&1`], { env });
		if (install().status !== 0) {
			// A fresh machine may have no package lists yet.
			spawnSync('sh', ['-c', `${apt} update >>'${logFile}' 2>&1`], { env });
			if (install().status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed (log: ${logFile})`);
		}
	}
	const redisServer = which('redis-server');
	const pgBin = postgresBinDir();
	if (!redisServer || !pgBin) throw new Error('redis-server or postgres still missing after apt-get install');
	return { redisServer, pgBin };
}

export async function startRedis(redisServer: string, dir: string, port: number): Promise<Child> {
	mkdirSync(dir, { recursive: true });
	const redis = startChild(
		'redis',
		redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'],
		{ cwd: dir, logFile: join(dir, 'redis.log') },
	);
	await redis.waitFor(/Ready to accept connections/, 30_000);
	return redis;
}

export interface Postgres {
	child: Child;
	port: number;
	database: string;
	user: string;
	/** Runs SQL with psql; returns the rows as tab-separated lines (no header). */
	query(sql: string): string;
}

/**
 * initdb + postgres on 127.0.0.1:port, data in `dir`. Postgres refuses to run as root, so as root it
 * runs as Debian's `postgres` user (dir is handed to that user; its parents made traversable).
 * fsync is off: the cluster is thrown away after the test.
 */
export async function startPostgres(pgBin: string, dir: string, port: number): Promise<Postgres> {
	const data = join(dir, 'data');
	mkdirSync(dir, { recursive: true });
	let ids: { uid: number; gid: number } | undefined;
	if (process.getuid?.() === 0) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		ids = { uid, gid };
		chownSync(dir, uid, gid);
	}
	const logFile = join(dir, 'postgres.log');
	const init = spawnSync(
		join(pgBin, 'initdb'),
		['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--locale=C.UTF-8'],
		{ cwd: dir, encoding: 'utf8', ...ids },
	);
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
	const child = startChild(
		'postgres',
		join(pgBin, 'postgres'),
		[
			'-D',
			data,
			'-p',
			String(port),
			'-c',
			'listen_addresses=127.0.0.1',
			'-c',
			'unix_socket_directories=',
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		],
		// SIGINT: Postgres's "fast" shutdown.
		{ cwd: dir, logFile, stopSignal: 'SIGINT', ...ids },
	);
	await child.waitFor(/database system is ready to accept connections/, 60_000);
	const psql = join(pgBin, 'psql');
	const run = (database: string, sql: string): string => {
		const r = spawnSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-AtX', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			encoding: 'utf8',
			maxBuffer: 256 * 1024 * 1024,
		});
		if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
		return r.stdout;
	};
	run('postgres', 'CREATE DATABASE n8n');
	return { child, port, database: 'n8n', user: 'postgres', query: (sql) => run('n8n', sql) };
}

/** The temp dir must be traversable by the `postgres` user when running as root. */
export function openForPostgres(dir: string): void {
	if (process.getuid?.() === 0) chmodSync(dir, 0o711);
}
