import { chmodSync, chownSync, existsSync, lstatSync, readFileSync, unlinkSync } from 'node:fs';
import { connect, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Forwarder } from './forwarder.js';

/** Listens on host:port; resolves with the address (`127.0.0.1:5514`, the real port when 0 was asked). */
export function listenTcp(server: Server, host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.removeListener('error', reject);
      const a = server.address();
      resolve(typeof a === 'object' && a ? `${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : `${host}:${port}`);
    });
  });
}

/** A group name or id as a gid, from /etc/group. */
export function groupId(group: string | number): number {
  if (typeof group === 'number') return group;
  if (/^\d+$/.test(group)) return Number(group);
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined) return Number(gid);
  }
  throw new Error(`no group named ${group}`);
}

/** True when something accepts connections on the Unix socket at `path`. */
function inUse(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Listens on a Unix socket created with `mode` from the first instant (umask), optionally owned
 * by `group`. A stale socket left by a crash is replaced; a live one, or anything that is not a
 * socket, is refused.
 */
export async function listenUnix(server: Server, path: string, mode: number, group?: string | number): Promise<void> {
  let existing: ReturnType<typeof lstatSync> | undefined;
  try {
    existing = lstatSync(path);
  } catch {
    existing = undefined;
  }
  if (existing) {
    if (!existing.isSocket()) throw new Error(`${path} exists and is not a socket; remove it or configure another path`);
    if (await inUse(path)) throw new Error(`another process listens on ${path}`);
    if (process.getuid && existing.uid !== process.getuid() && process.getuid() !== 0) throw new Error(`${path} belongs to another user`);
    unlinkSync(path);
  }
  if (!existsSync(dirname(path))) throw new Error(`the directory of ${path} does not exist`);
  const gid = group === undefined ? undefined : groupId(group);
  const previous = process.umask(0o777 & ~mode);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  if (gid !== undefined) chownSync(path, process.getuid?.() ?? -1, gid);
  chmodSync(path, mode);
}

/**
 * The connections of a stream input, paused together while its forwarder is paused and resumed
 * together after (backpressure: the kernel's buffers fill and the senders block).
 */
export class Connections {
  readonly sockets = new Set<Socket>();
  readonly #unsubscribe: () => void;

  constructor(private readonly forwarder: Forwarder) {
    this.#unsubscribe = forwarder.onChange((paused) => {
      for (const s of this.sockets) {
        if (paused) s.pause();
        else s.resume();
      }
    });
  }

  add(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    if (this.forwarder.paused) socket.pause();
  }

  /** After reading a chunk: pause this socket at once if the forwarder is now paused. */
  afterData(socket: Socket): void {
    if (this.forwarder.paused) socket.pause();
  }

  /**
   * A drained shutdown: reads what the connections still hold — each until it ends, or stays
   * quiet for `quietMs` while nothing holds it back — at most `maxMs` in all, then closes them.
   */
  async closeAll(quietMs = 250, maxMs = 10_000): Promise<void> {
    const deadline = Date.now() + maxMs;
    await Promise.all(
      [...this.sockets].map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.closed) return resolve();
            let timer: NodeJS.Timeout;
            const done = () => {
              clearTimeout(timer);
              s.destroy();
              resolve();
            };
            const quiet = () => {
              clearTimeout(timer);
              const left = deadline - Date.now();
              if (left <= 0) return done();
              // Backpressure is not quiet: the sender may have more once the pipeline has room.
              timer = setTimeout(() => (this.forwarder.paused ? quiet() : done()), Math.min(quietMs, left));
            };
            s.on('data', quiet);
            s.once('close', done);
            quiet();
          }),
      ),
    );
  }

  dispose(): void {
    this.#unsubscribe();
  }
}
