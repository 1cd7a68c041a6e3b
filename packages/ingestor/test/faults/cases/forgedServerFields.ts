import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Envelope } from '@logflux/core';
import { expect } from 'vitest';
import { tempDir, VECTORS } from '../../helpers/fixtures.js';
import { kill, spawnServer } from '../../helpers/serverProcess.js';
import { readAll, WireClient } from '../../helpers/wireClient.js';
import { type FaultCase, tally } from '../report.js';

const PUBLIC_KEY = fileURLToPath(new URL('keys/test-rsa-4096-public.pem', VECTORS));
const PRIVATE_KEY = fileURLToPath(new URL('keys/test-rsa-4096-private.pem', VECTORS));
const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const FORGED_ID = 9007199254740991;

/**
 * Issue 14, failure 3: a client holding only the ingest key sends an envelope with its own `id`
 * and `received_at`. The read API must show the server's values, and `logflux tail -f` (a real
 * CLI process, whose cursor is `entry.id`) must keep showing entries sent after it.
 */
export const forgedServerFields: FaultCase = {
  name: 'forged id/received_at in an envelope; tail -f keeps following',
  async run(report) {
    const dir = tempDir('faults-forged-');
    const server = await spawnServer(dir.path, PUBLIC_KEY);
    const tail = spawn(
      process.execPath,
      [
        '--conditions=logflux-src',
        '--import',
        'tsx',
        'packages/cli/src/bin.ts',
        'tail',
        '-f',
        '-n',
        '1',
        '--json',
        '--interval',
        '100',
        '--server',
        server.url,
        '--token',
        server.readToken as string,
        '--private-key',
        PRIVATE_KEY,
      ],
      { cwd: ROOT },
    );
    let out = '';
    tail.stdout.on('data', (d) => {
      out += d;
    });
    const waitFor = async (text: string) => {
      for (let i = 0; i < 300 && !out.includes(text); i++) await new Promise((r) => setTimeout(r, 100));
    };
    try {
      const client = new WireClient(server.url, server.apiKey as string);
      await client.handshake();
      const entry = (message: string) => ({ v: '2.0', type: 'log', source: 'faults', level: 6, ts: new Date().toISOString(), message });
      const sent: Envelope[] = [];
      const acked: Envelope[] = [];
      const send = async (envelopes: Envelope[]) => {
        sent.push(...envelopes);
        const res = await client.batch(envelopes);
        if (res.status === 200) acked.push(...envelopes);
        await res.arrayBuffer();
      };
      await send([await client.seal(entry('before-1')), await client.seal(entry('before-2'))]);
      // tail -n 1 prints the last entry once it has walked to the end: from then on it follows.
      await waitFor('"before-2"');
      const forged = { ...(await client.seal(entry('forged'))), id: FORGED_ID, received_at: '2000-01-01T00:00:00.000Z' };
      await send([forged as Envelope]);
      // Once tail has shown it, its cursor is whatever id the read API gave that entry.
      await waitFor('"forged"');
      await send([await client.seal(entry('after-forged-1')), await client.seal(entry('after-forged-2'))]);
      await waitFor('"after-forged-2"');

      const stored = await readAll(server.url, server.readToken as string);
      const shown = out
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { id: number; entry: { message: string } }).entry.message);
      const forgedStored = stored.find((e) => e.nonce === forged.nonce);
      report(
        tally(
          this.name,
          sent,
          acked,
          stored,
          `forged id ${FORGED_ID} stored as id ${forgedStored?.id}; tail -f showed ${shown.join(', ')}`,
        ),
      );
      expect(stored.map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
      expect(stored.every((e) => e.received_at !== '2000-01-01T00:00:00.000Z')).toBe(true);
      expect(shown).toEqual(['before-2', 'forged', 'after-forged-1', 'after-forged-2']);
    } finally {
      await kill(tail);
      await kill(server.child);
      dir.remove();
    }
  },
};
