import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { tempDir, VECTORS } from '../../helpers/fixtures.js';
import { openRaw, pump } from '../../helpers/rawSocket.js';
import { kill, spawnServer } from '../../helpers/serverProcess.js';
import { readAll, WireClient } from '../../helpers/wireClient.js';
import { type FaultCase, tally } from '../report.js';
import { SteadyClient } from '../steadyClient.js';

const PUBLIC_KEY = fileURLToPath(new URL('keys/test-rsa-4096-public.pem', VECTORS));
const MiB = 1024 * 1024;

/**
 * Issue 14, failure 1: requests that used to kill the ingestor process (a chunked body over the
 * limit with a valid API key, a `//` request target) and their relatives (aborted and stalled
 * bodies, bad percent-encoding, a malformed admin body), sent to a real ingestor process while a
 * well-behaved client keeps sending. Every hostile request must end in a 4xx or a closed
 * connection; the process must stay up and keep serving the client.
 */
export const hostileRequests: FaultCase = {
  name: 'hostile requests (chunked over limit, aborted, stalled, bad targets)',
  timeoutMs: 90_000,
  async run(report) {
    const dir = tempDir('faults-hostile-');
    const server = await spawnServer(dir.path, PUBLIC_KEY, 0, { bodyTimeoutMs: 1000 });
    try {
      const auth = `Authorization: Bearer ${server.apiKey}\r\n`;
      const client = new WireClient(server.url, server.apiKey as string);
      await client.handshake();
      const steady = new SteadyClient(client);
      let attacking = true;
      const background = steady.sendWhile(() => attacking);

      const outcomes: string[] = [];
      const hostile = async (head: string, body: (socket: import('node:net').Socket) => Promise<void>) => {
        const raw = await openRaw(server.url, head, 20_000);
        await body(raw.socket);
        const res = await raw.response;
        outcomes.push(res.status === undefined ? 'closed' : String(res.status));
        expect(server.child.exitCode, `the server exited after: ${head.split('\r\n')[0]}`).toBeNull();
      };
      for (const path of ['/v1/batch', '/v1/handshake/complete']) {
        for (const size of [2 * MiB, 8 * MiB, 100 * MiB]) {
          await hostile(
            `POST ${path} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
            (s) => pump(s, size, true).then(() => {}),
          );
        }
      }
      // Aborted mid-body: chunked and with Content-Length.
      await hostile(`POST /v1/batch HTTP/1.1\r\nHost: x\r\n${auth}Transfer-Encoding: chunked\r\n\r\n`, async (s) => {
        await pump(s, 300 * 1024, true);
        s.destroy();
      });
      await hostile(`POST /v1/batch HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 500000\r\n\r\n`, async (s) => {
        s.write('{"entries":[');
        await new Promise((r) => setTimeout(r, 100));
        s.destroy();
      });
      // Stalled: the body stops arriving (the server was started with bodyTimeoutMs: 1000).
      await hostile(`POST /v1/handshake/complete HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: 1000\r\n\r\n`, async (s) => {
        s.write('{"api_key":');
      });
      await hostile('GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', async () => {});
      await hostile(
        `GET /v1/keys/%E0%A4%A HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${server.readToken}\r\nConnection: close\r\n\r\n`,
        async () => {},
      );
      await hostile('POST /__admin/faults HTTP/1.1\r\nHost: x\r\nContent-Length: 15\r\nConnection: close\r\n\r\n', async (s) => {
        s.write('{"kind":"nope"}');
      });

      attacking = false;
      await background;
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      const stored = await readAll(server.url, server.readToken as string);
      const counts = new Map<string, number>();
      for (const o of [...outcomes].sort()) counts.set(o, (counts.get(o) ?? 0) + 1);
      const row = tally(
        this.name,
        steady.sent,
        steady.acknowledged,
        stored,
        `${outcomes.length} hostile requests → ${[...counts].map(([k, n]) => `${k}×${n}`).join(', ')}; server up`,
      );
      report(row);
      for (const o of outcomes) expect(['400', '404', '408', '413', 'closed']).toContain(o);
      expect(outcomes.filter((o) => o === '408')).toHaveLength(1);
      expect(steady.acknowledged.length).toBe(steady.sent.length);
      expect(row.stored).toBe(row.acknowledged);
    } finally {
      await kill(server.child);
      dir.remove();
    }
  },
};
