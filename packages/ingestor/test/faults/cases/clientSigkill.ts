import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { crashRun } from '../../../../node/test/helpers/crashRun.js';
import { readBack } from '../../../../node/test/helpers/env.js';
import { VECTORS } from '../../helpers/fixtures.js';
import { kill, spawnServer } from '../../helpers/serverProcess.js';
import type { FaultCase } from '../report.js';

const PUBLIC_KEY = fileURLToPath(new URL('keys/test-rsa-4096-public.pem', VECTORS));

/**
 * Issue 14, failure 6: a client process (`@logflux/node`) logging a stream is SIGKILLed after
 * 2,000 entries, then started again with the same spool directory, in both durability modes.
 * `acknowledged` is what the mode promised at the kill: in 'disk' every entry whose log call had
 * returned; in 'memory' (the default) what the ingestor had acknowledged. What memory mode loses
 * beyond that is counted in the note.
 */
export const clientSigkill: FaultCase = {
  name: 'client process SIGKILLed mid-stream, restarted (durability memory, disk)',
  timeoutMs: 120_000,
  async run(report) {
    const scratch = mkdtempSync(join(tmpdir(), 'faults-sigkill-'));
    const server = await spawnServer(join(scratch, 'data'), PUBLIC_KEY);
    try {
      const { apiKey, readToken } = server as { apiKey: string; readToken: string };
      for (const durability of ['memory', 'disk'] as const) {
        const r = await crashRun({
          url: server.url,
          apiKey,
          spoolDir: join(scratch, durability),
          durability,
          tag: durability,
          count: 4000,
          killAt: 2000,
          readBack: () => readBack(server.url, readToken),
        });
        const promised = durability === 'disk' ? r.logged : r.acknowledged;
        const storedOfLogged = r.logged - r.lost;
        report({
          case: this.name,
          part: durability,
          sent: r.logged,
          acknowledged: promised,
          stored: r.stored,
          lost: Math.max(0, promised - storedOfLogged),
          duplicated: r.duplicated,
          note:
            durability === 'memory'
              ? `${r.lost} of ${r.logged} logged entries were in memory at the kill and are gone (not promised in this mode)`
              : `restart: ${r.restart}`,
        });
        expect(r.logged).toBeGreaterThanOrEqual(2000);
        if (durability === 'disk') expect(r.lost).toBe(0);
      }
    } finally {
      await kill(server.child);
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
