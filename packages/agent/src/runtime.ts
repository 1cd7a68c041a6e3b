import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { newSecret } from './secret.js';

/** The agent's files in its runtime directory (where the official C SDK looks) and state directory. */
export interface Runtime {
  runtimeDir: string;
  stateDir: string;
  /** The shared secret TCP clients present (also in `agent.secret`, mode 0600). */
  secret: string;
  secretPath: string;
  pidPath: string;
  /** The control socket `logflux agent status` asks (mode 0600). */
  statusPath: string;
  /** A random id of this installation, kept in the state directory (part of file chunk keys). */
  agentId: string;
  /** Removes the PID file, the secret, the status socket and the lock (clean exit). */
  release(): void;
}

/** Creates `dir` (mode 0700) or checks an existing one: a real directory of this user, made 0700. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a directory (a symbolic link is refused too)`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new Error(`${dir} belongs to another user (uid ${st.uid}); refusing to use it`);
  if ((st.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
}

/** Writes a file atomically with `mode` (temporary name, fsync, rename). */
export function writePrivateFile(path: string, text: string, mode = 0o600): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes a PID-file lock; refuses when another live process holds it. */
function lock(path: string, what: string): void {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
      throw new Error(`another agent (pid ${pid}) is using the ${what}; stop it first`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writePrivateFile(path, `${process.pid}\n`, 0o600);
}

function readOrCreateId(path: string): string {
  try {
    const id = readFileSync(path, 'utf8').trim();
    if (/^[0-9a-f]{32}$/.test(id)) return id;
  } catch {
    // first start
  }
  const id = randomBytes(16).toString('hex');
  writePrivateFile(path, `${id}\n`);
  return id;
}

/**
 * Prepares the runtime directory (0700) with a fresh random shared secret (`agent.secret`, 0600)
 * and the PID file (`agent.pid`) where the official C SDK reads them, and the state directory
 * (0700) with its lock and the agent id.
 */
export function prepareRuntime(runtimeDir: string, stateDir: string): Runtime {
  ensurePrivateDir(stateDir);
  const lockPath = join(stateDir, 'agent.lock');
  lock(lockPath, `state directory ${stateDir}`);
  ensurePrivateDir(runtimeDir);
  const pidPath = join(runtimeDir, 'agent.pid');
  lock(pidPath, `runtime directory ${runtimeDir}`);
  const secretPath = join(runtimeDir, 'agent.secret');
  const secret = newSecret();
  writePrivateFile(secretPath, `${secret}\n`);
  const statusPath = join(runtimeDir, 'agent.status.sock');
  return {
    runtimeDir,
    stateDir,
    secret,
    secretPath,
    pidPath,
    statusPath,
    agentId: readOrCreateId(join(stateDir, 'agent-id')),
    release() {
      for (const p of [pidPath, secretPath, statusPath, lockPath]) rmSync(p, { force: true });
    },
  };
}
