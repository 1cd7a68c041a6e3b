/**
 * Local analysis (`logflux export` / `sql`): 200,000 log entries sealed by the Node SDK into the
 * reference ingestor (its own process), then fetched through the read API, decrypted in this
 * process (Decryptor.open with the CLI's bulk-read providers) and written to Parquet through
 * DuckDB; then `count(*) … GROUP BY level` over the Parquet file and over the in-memory table.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportEntries, LogDatabase, querySql, runReadOnlySql } from '@logflux/analysis';
import { importPrivateKeyPem } from '@logflux/core';
import { createLogFlux } from '@logflux/node';
import { Decryptor } from '../packages/cli/src/decryptor.js';
import { decryptedPages } from '../packages/cli/src/entrySource.js';
import { bulkReadProviders } from '../packages/cli/src/fastProviders.js';
import { ReadClient } from '../packages/cli/src/readClient.js';
import { testPrivateKey } from '../packages/ingestor/test/helpers/fixtures.js';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { fmt, median, table } from './stats.js';

const PUBLIC_KEY = fileURLToPath(new URL('../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const N = 200_000;
const RUNS = 3;
const GROUP_BY = 'SELECT level, count(*) AS n FROM logs GROUP BY level ORDER BY level';

export async function benchAnalysis(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-analysis-'));
  const server = await spawnServer(join(dir, 'data'), PUBLIC_KEY);
  try {
    const client = createLogFlux({
      apiKey: server.apiKey as string,
      endpoint: server.url,
      publicKeyFile: PUBLIC_KEY,
      source: 'bench-api',
      spool: false,
      maxQueueEntries: N,
      maxQueueBytes: 1024 * 1024 * 1024,
    });
    const levels = ['error', 'warning', 'info', 'info', 'info', 'debug'] as const;
    for (let i = 0; i < N; i++) {
      client[levels[i % levels.length] as (typeof levels)[number]](`GET /api/orders/${i} 200 in ${i % 97} ms`, {
        route: '/api/orders/:id',
        user: `user-${i % 1000}`,
      });
      if (i % 20_000 === 19_999) await client.flush();
    }
    await client.flush();
    const stats = client.stats();
    await client.close();
    if (stats.acknowledged !== N)
      throw new Error(`only ${stats.acknowledged} of ${N} entries were acknowledged (${JSON.stringify(stats.dropped)})`);

    const reader = new ReadClient(server.url, server.readToken as string);
    const privateKey = await importPrivateKeyPem(testPrivateKey());
    const providers = await bulkReadProviders();
    const source = () => decryptedPages(reader, new Decryptor(reader, privateKey, providers), {});

    const decryptRates: number[] = [];
    const exportRates: number[] = [];
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now();
      let n = 0;
      for await (const batch of source()(0)) n += batch.entries.length;
      decryptRates.push(n / ((performance.now() - t) / 1000));
      const out = join(dir, `run${run}.parquet`);
      t = performance.now();
      const summary = await exportEntries({ source: source(), out, format: 'parquet' });
      exportRates.push(summary.written / ((performance.now() - t) / 1000));
      if (summary.written !== N) throw new Error(`exported ${summary.written} of ${N}`);
      bytes = statSync(out).size;
    }

    const fileMs: number[] = [];
    const memoryMs: number[] = [];
    const file = join(dir, 'run0.parquet');
    for (let run = 0; run < 5; run++) {
      const t = performance.now();
      const r = await querySql({ sql: GROUP_BY, parquetFile: file });
      fileMs.push(performance.now() - t);
      if (r.result.rows.reduce((s, row) => s + Number(row[1]), 0) !== N) throw new Error('group by lost rows');
    }
    const db = await LogDatabase.open();
    await db.load(source());
    await db.lockDown();
    for (let run = 0; run < 5; run++) {
      const t = performance.now();
      await runReadOnlySql(db.connection, GROUP_BY);
      memoryMs.push(performance.now() - t);
    }
    db.close();

    return table(
      `Local analysis, ${fmt(N)} log entries sealed by the Node SDK, reference ingestor in its own process (${RUNS} runs; Parquet ${fmt(bytes / 1024 / 1024, 1)} MiB, zstd)`,
      ['metric', 'median', 'min', 'max'],
      [
        ['fetched + decrypted (entries/s)', fmt(median(decryptRates)), fmt(Math.min(...decryptRates)), fmt(Math.max(...decryptRates))],
        [
          'fetched + decrypted + written to Parquet (entries/s)',
          fmt(median(exportRates)),
          fmt(Math.min(...exportRates)),
          fmt(Math.max(...exportRates)),
        ],
        [
          'count(*) GROUP BY level, Parquet file, incl. open (ms)',
          fmt(median(fileMs), 1),
          fmt(Math.min(...fileMs), 1),
          fmt(Math.max(...fileMs), 1),
        ],
        [
          'count(*) GROUP BY level, in-memory table (ms)',
          fmt(median(memoryMs), 1),
          fmt(Math.min(...memoryMs), 1),
          fmt(Math.max(...memoryMs), 1),
        ],
      ],
    );
  } finally {
    await kill(server.child, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
