/**
 * Local analysis (`logflux export` / `sql`): 200,000 log entries sealed by the Node SDK into the
 * reference ingestor (its own process), then, in interleaved runs: fetched through the read API
 * alone; fetched and decrypted entry by entry as `logflux query` does (Decryptor.open, a promise
 * per entry, core's portable gzip: the export's path before issue 16's speed work); fetched and
 * decrypted as the analysis commands do (Decryptor.openPage with the CLI's bulk-read providers);
 * and exported to Parquet through DuckDB. Each row also gives the CPU time per entry of this
 * process and of the ingestor's, which bound the rate on a 2-core machine. Then `count(*) … GROUP
 * BY level` over the Parquet file and over the in-memory table.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportEntries, LogDatabase, querySql, runReadOnlySql } from '@logflux/analysis';
import { gunzipStrict, importPrivateKeyPem } from '@logflux/core';
import { createLogFlux } from '@logflux/node';
import { Decryptor } from '../packages/cli/src/decryptor.js';
import { decryptedPages } from '../packages/cli/src/entrySource.js';
import { bulkReadProviders } from '../packages/cli/src/fastProviders.js';
import { ReadClient } from '../packages/cli/src/readClient.js';
import { testPrivateKey } from '../packages/ingestor/test/helpers/fixtures.js';
import { kill, spawnServer } from '../packages/ingestor/test/helpers/serverProcess.js';
import { processStats } from './procStats.js';
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
    const source = () => decryptedPages(reader, new Decryptor(reader, privateKey, providers, { decoders: providers }), {});
    const portableGzip = { ...providers, gzip: { ...providers.gzip, decompress: gunzipStrict } };
    const perEntry = () => decryptedPages(reader, new Decryptor(reader, privateKey, portableGzip), {});

    const pid = server.child.pid as number;
    const runs = new Map<string, { rate: number; client: number; server: number }[]>();
    /** One timed pass: entries/s, and CPU µs per entry here (every thread) and in the ingestor. */
    const measure = async (name: string, pass: () => Promise<number>) => {
      const ingestor = processStats(pid).cpuSeconds;
      const cpu = process.cpuUsage();
      const t = performance.now();
      const n = await pass();
      const seconds = (performance.now() - t) / 1000;
      const used = process.cpuUsage(cpu);
      if (n !== N) throw new Error(`${name}: ${n} of ${N} entries`);
      const row = {
        rate: n / seconds,
        client: (used.user + used.system) / n,
        server: ((processStats(pid).cpuSeconds - ingestor) * 1e6) / n,
      };
      runs.set(name, [...(runs.get(name) ?? []), row]);
    };
    const drain = async (pages: ReturnType<typeof source>) => {
      let n = 0;
      for await (const batch of pages(0)) n += batch.entries.length;
      return n;
    };
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      await measure('fetched through the read API alone', async () => {
        let n = 0;
        for (let after: number | null = 0; after !== null; ) {
          const page: Awaited<ReturnType<ReadClient['page']>> = await reader.page(after, {});
          n += page.entries.length;
          after = page.next;
        }
        return n;
      });
      await measure('fetched + decrypted, entry by entry (before)', () => drain(perEntry()));
      await measure('fetched + decrypted, page by page (openPage)', () => drain(source()));
      await measure('fetched + decrypted + written to Parquet (export)', async () => {
        const out = join(dir, `run${run}.parquet`);
        const summary = await exportEntries({ source: source(), out, format: 'parquet' });
        bytes = statSync(out).size;
        return summary.written;
      });
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

    const stat = (name: string, pick: (r: { rate: number; client: number; server: number }) => number, digits = 0) =>
      fmt(median((runs.get(name) ?? []).map(pick)), digits);
    return table(
      `Local analysis, ${fmt(N)} log entries sealed by the Node SDK, reference ingestor in its own process (${RUNS} interleaved runs, medians; Parquet ${fmt(bytes / 1024 / 1024, 1)} MiB, zstd)`,
      ['metric', 'entries/s', 'min', 'max', 'CPU µs/entry here', 'CPU µs/entry ingestor'],
      [
        ...[...runs].map(([name, rows]) => [
          name,
          stat(name, (r) => r.rate),
          fmt(Math.min(...rows.map((r) => r.rate))),
          fmt(Math.max(...rows.map((r) => r.rate))),
          stat(name, (r) => r.client, 1),
          stat(name, (r) => r.server, 1),
        ]),
        [
          'count(*) GROUP BY level, Parquet file, incl. open (ms)',
          fmt(median(fileMs), 1),
          fmt(Math.min(...fileMs), 1),
          fmt(Math.max(...fileMs), 1),
          '',
          '',
        ],
        [
          'count(*) GROUP BY level, in-memory table (ms)',
          fmt(median(memoryMs), 1),
          fmt(Math.min(...memoryMs), 1),
          fmt(Math.max(...memoryMs), 1),
          '',
          '',
        ],
      ],
    );
  } finally {
    await kill(server.child, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
