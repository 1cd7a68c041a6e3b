import { type Ingestor, startIngestor } from '@logflux/ingestor';
import { expect } from 'vitest';
import { tempDir, testPublicKey } from '../../helpers/fixtures.js';
import { SimulatedDisk } from '../../helpers/simulatedDisk.js';
import { readAll, WireClient } from '../../helpers/wireClient.js';
import { type FaultCase, tally } from '../report.js';
import { SteadyClient } from '../steadyClient.js';

/**
 * Issue 14, failure 2, through the storage seam: every write is short (at most 300 bytes taken
 * per call), some are interrupted (EINTR), and the disk fills up part-way through the run (short
 * write, then ENOSPC) until space is given back. The client retries 507s with the same
 * Idempotency-Key. After a restart every acknowledged entry is there, once.
 */
export const storageSeam: FaultCase = {
  name: 'short writes, EINTR and ENOSPC (storage seam)',
  async run(report) {
    const dir = tempDir('faults-seam-');
    const disk = new SimulatedDisk();
    let ingestor: Ingestor | undefined = await startIngestor({ dataDir: dir.path, rateLimit: false, storageIo: disk });
    try {
      const tenant = await ingestor.tenants.create({ publicKeyPem: testPublicKey() });
      const client = new WireClient(ingestor.url, tenant.apiKey);
      await client.handshake();
      disk.maxPerWrite = 300;
      let batches = 0;
      let degradedSeen = false;
      const deadline = Date.now() + 30_000; // retries stop then (they never should need to)
      const steady = new SteadyClient(client, { retryDelayMs: 20, keepTrying: () => Date.now() < deadline });
      const url = ingestor.url;
      for (; batches < 60; batches++) {
        if (batches % 7 === 3) disk.interrupts += 2;
        if (batches === 20) disk.free = 5000; // fills up within the next batches
        const sending = steady.sendBatch(25, `seam-${batches}`);
        if (batches === 20) {
          // While it is full: 507s, a degraded /health; then space returns and the retries land.
          for (let i = 0; i < 200 && !degradedSeen; i++) {
            const h = await fetch(`${url}/health`);
            degradedSeen = h.status === 503;
            await h.arrayBuffer();
            if (!degradedSeen) await new Promise((r) => setTimeout(r, 10));
          }
          disk.free = Number.POSITIVE_INFINITY;
        }
        await sending;
      }
      expect((await fetch(`${url}/health`)).status).toBe(200);
      await ingestor.close();
      ingestor = await startIngestor({ dataDir: dir.path, rateLimit: false });
      const stored = await readAll(ingestor.url, tenant.readToken);
      const note = `short writes ${disk.counts.shortWrites}, EINTR ${disk.counts.eintr}, ENOSPC ${disk.counts.enospc}; answers ${steady.describeAnswers()}`;
      const row = tally(this.name, steady.sent, steady.acknowledged, stored, note);
      report(row);
      expect(degradedSeen).toBe(true);
      expect(steady.answers.get('507') ?? 0).toBeGreaterThan(0);
      expect(steady.answers.get('500') ?? 0).toBe(0);
      expect(disk.counts.shortWrites).toBeGreaterThan(0);
      expect(disk.counts.eintr).toBeGreaterThan(0);
      expect(row.acknowledged).toBe(row.sent);
      expect(row.stored).toBe(row.acknowledged);
    } finally {
      await ingestor?.close();
      dir.remove();
    }
  },
};
