import { connect, type Socket } from 'node:net';

/**
 * A raw TCP client for requests no HTTP library sends: bodies cut off mid-way, stalled, or far
 * larger than announced. `sendHead` writes the request head; the caller writes the body itself.
 */
export interface RawExchange {
  socket: Socket;
  /** Everything received until the server closed the connection (or `timeoutMs` passed). */
  response: Promise<{ text: string; status: number | undefined; closedByServer: boolean }>;
}

export function openRaw(url: string, head: string, timeoutMs = 10_000): Promise<RawExchange> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    let text = '';
    let closedByServer = false;
    const response = new Promise<{ text: string; status: number | undefined; closedByServer: boolean }>((done) => {
      const timer = setTimeout(() => socket.destroy(), timeoutMs);
      socket.on('data', (d) => {
        text += d.toString('latin1');
      });
      socket.on('end', () => {
        closedByServer = true;
      });
      socket.on('error', () => {
        closedByServer = true;
      });
      socket.on('close', () => {
        clearTimeout(timer);
        const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
        done({ text, status: m ? Number(m[1]) : undefined, closedByServer });
      });
    });
    socket.once('connect', () => {
      socket.write(head);
      resolve({ socket, response });
    });
    socket.once('error', reject);
  });
}

/** Writes `total` bytes in chunks until done or the connection breaks; never throws. */
export async function pump(socket: Socket, total: number, chunked: boolean, chunk = 64 * 1024): Promise<number> {
  const block = Buffer.alloc(chunk, 0x61);
  let sent = 0;
  while (sent < total && !socket.destroyed && socket.writable) {
    const n = Math.min(chunk, total - sent);
    const piece = chunked
      ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), block.subarray(0, n), Buffer.from('\r\n')])
      : block.subarray(0, n);
    const ok = socket.write(piece);
    sent += n;
    if (!ok) {
      await new Promise<void>((r) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          r();
        };
        socket.once('drain', done);
        socket.once('close', done);
      });
    }
  }
  if (chunked && !socket.destroyed && socket.writable) socket.write('0\r\n\r\n');
  return sent;
}
