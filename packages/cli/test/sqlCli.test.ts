import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from './helpers/analysisFixture.js';

const N = 100_000;
const LEVEL_METHODS = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'info', 'debug'] as const;

/** Rows of `logflux sql … --format json`. */
async function sql(fx: Fixture, query: string, extra: string[] = []): Promise<Record<string, unknown>[]> {
  const r = await fx.cli(['sql', query, '--format', 'json', ...extra]);
  if (r.code !== 0) throw new Error(`sql failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('logflux sql over 100,000 entries', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await startFixture('logflux-sql-');
    // Sealed by the Node SDK against the reference ingestor; read back through the real decrypt path.
    const acknowledged = await fx.sdk(
      (client) => {
        for (let i = 0; i < N; i++) {
          const message = i % 1000 === 7 ? `upstream timeout after ${i % 97} ms` : `GET /orders/${i} 200`;
          client[LEVEL_METHODS[i % 8] as (typeof LEVEL_METHODS)[number]](message, { route: `/r${i % 5}`, n: String(i) });
        }
      },
      { maxQueueEntries: N },
    );
    expect(acknowledged).toBe(N);
  }, 120_000);
  afterAll(() => fx.close());

  it('counts by level over the decrypted entries, exactly', async () => {
    const byLevel = await sql(fx, 'SELECT level, level_name, count(*) AS n FROM logs GROUP BY ALL ORDER BY level');
    expect(byLevel).toEqual(LEVEL_METHODS.map((name, i) => ({ level: i + 1, level_name: name, n: N / 8 })));
  }, 60_000);

  it('exports them and answers regex, attribute and time queries from the Parquet file; CSV when piped', async () => {
    const file = join(fx.dir, 'all.parquet');
    const exported = await fx.cli(['export', '--out', file]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/exported 100,000 entries/);
    const from = ['--from-file', file];
    const timeouts = await sql(fx, "SELECT count(*) AS n FROM logs WHERE regexp_matches(message, 'timeout after \\d+ ms$')", from);
    expect(timeouts).toEqual([{ n: N / 1000 }]);
    const routes = await sql(
      fx,
      "SELECT attributes['route'] AS route, count(*) AS n, max(attributes['n']::INTEGER) AS last FROM logs GROUP BY ALL ORDER BY route",
      from,
    );
    expect(routes).toEqual([0, 1, 2, 3, 4].map((r) => ({ route: `/r${r}`, n: N / 5, last: N - 5 + r })));
    const perMinute = await sql(
      fx,
      "SELECT sum(n) AS total FROM (SELECT date_trunc('minute', ts) AS minute, count(*) AS n FROM logs WHERE level <= 4 GROUP BY ALL)",
      from,
    );
    expect(perMinute).toEqual([{ total: N / 2 }]);
    const csv = await fx.cli([
      'sql',
      "SELECT attributes['n'] AS n, message FROM logs WHERE attributes['n'] IN ('0', '7') ORDER BY n",
      ...from,
    ]);
    expect(csv.stdout).toBe('n,message\r\n0,GET /orders/0 200\r\n7,upstream timeout after 7 ms\r\n');
    const table = await fx.cli(['sql', 'SELECT count(*) AS n FROM logs', ...from, '--format', 'table']);
    expect(table.stdout).toBe('     n\n------\n100000\n(1 row)\n');
  }, 180_000); // six CLI processes over 100,000 entries: 57 s at a load average of 34 on 2 cores

  it('refuses anything but one SELECT, and SELECTs that reach for files', async () => {
    const file = join(fx.dir, 'all.parquet');
    // The full list of refusals is in packages/analysis/test/readOnlySql.test.ts; here, the command's answer.
    for (const [query, message] of [
      ['DROP TABLE logs', /only SELECT statements are allowed \(this is DROP\)/],
      ["SELECT * FROM read_text('/etc/passwd')", /Permission Error/],
    ] as const) {
      const r = await fx.cli(['sql', query, '--from-file', file]);
      expect(r.code, query).toBe(2);
      expect(r.stderr, query).toMatch(message);
    }
  }, 60_000);
});
