import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogDatabase } from '../src/database.js';
import { NotReadOnlyError, runReadOnlySql, safeSqlError } from '../src/readOnlySql.js';

describe('runReadOnlySql', () => {
  let db: LogDatabase;
  beforeAll(async () => {
    db = await LogDatabase.open({ threads: 1 });
    await db.stage(
      Array.from({ length: 5000 }, (_, i) => ({
        id: i + 1,
        received_at: '2026-11-22T09:30:00.000Z',
        entry: { type: 'log', level: 7, message: `m${i}` },
      })),
    );
    await db.materialize();
    await db.lockDown();
  });
  afterAll(() => db.close());

  it('accepts the read-only statement kinds DuckDB types as SELECT', async () => {
    for (const sql of [
      'SELECT count(*) FROM logs',
      'FROM logs SELECT max(id)',
      'WITH x AS (SELECT 1 AS a) SELECT * FROM x',
      'DESCRIBE logs',
      'SUMMARIZE SELECT id FROM logs',
      'SELECT 1;',
    ]) {
      const r = await runReadOnlySql(db.connection, sql);
      expect(r.rows.length, sql).toBeGreaterThan(0);
    }
  });

  it('refuses every other statement, and more than one', async () => {
    const refused = [
      ['DELETE FROM logs', /this is DELETE/],
      ['UPDATE logs SET message = NULL', /this is UPDATE/],
      ['INSERT INTO logs (id) VALUES (1)', /this is INSERT/],
      ['DROP TABLE logs', /this is DROP/],
      ['CREATE TABLE t (a INT)', /this is CREATE/],
      ['ALTER TABLE logs ADD COLUMN x INT', /this is ALTER/],
      ['SET threads = 1', /this is SET/],
      ["ATTACH ':memory:' AS other", /this is ATTACH/],
      ['CHECKPOINT', /this is CALL/],
      ['EXPLAIN SELECT 1', /this is EXPLAIN/],
      ['SELECT 1; DELETE FROM logs', /exactly one SELECT statement \(got 2\)/],
      ['', /exactly one SELECT statement \(got 0\)/],
    ] as const;
    for (const [sql, message] of refused) {
      const error = await runReadOnlySql(db.connection, sql).catch((e: unknown) => e);
      expect(error, sql).toBeInstanceOf(NotReadOnlyError);
      expect((error as Error).message, sql).toMatch(message);
    }
    expect((await runReadOnlySql(db.connection, 'SELECT count(*) FROM logs')).rows).toEqual([[5000]]);
  });

  it('cannot reach files, extensions or settings once the database is locked down', async () => {
    for (const sql of ["SELECT * FROM read_text('/etc/hostname')", "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM glob('/*')"]) {
      const error = await runReadOnlySql(db.connection, sql).catch((e: unknown) => e);
      expect(error, sql).toBeInstanceOf(Error);
      expect((error as Error).message, sql).toMatch(/Permission Error/);
    }
    await expect(db.connection.run('SET enable_external_access = true')).rejects.toThrow(/locked/);
  });

  it('stops reading at maxRows and says so', async () => {
    const r = await runReadOnlySql(db.connection, 'SELECT id FROM logs ORDER BY id', { maxRows: 3000 });
    expect(r.rows).toHaveLength(3000);
    expect(r.truncated).toBe(true);
    const all = await runReadOnlySql(db.connection, 'SELECT id FROM logs', { maxRows: 5000 });
    expect(all.truncated).toBe(false);
    expect(all.columns).toEqual([{ name: 'id', type: 'BIGINT' }]);
  });

  it('interrupts a query that runs past its time limit', async () => {
    await expect(runReadOnlySql(db.connection, 'SELECT count(*) FROM range(1000000000000)', { timeoutMs: 200 })).rejects.toThrow(
      /ran longer than 200 ms and was stopped/,
    );
    expect((await runReadOnlySql(db.connection, 'SELECT 42')).rows).toEqual([[42]]);
  });

  it('keeps the query-describing part of errors and withholds data-bearing detail', async () => {
    await expect(runReadOnlySql(db.connection, 'SELEC 1')).rejects.toThrow(/Parser Error/);
    await expect(runReadOnlySql(db.connection, 'SELECT nope FROM logs')).rejects.toThrow(/Binder Error/);
    const conversion = (await runReadOnlySql(db.connection, 'SELECT message::INTEGER FROM logs').catch((e: unknown) => e)) as Error;
    expect(conversion.message).toMatch(/^Conversion Error \(details withheld/);
    expect(conversion.message).not.toMatch(/m\d/);
    expect(safeSqlError(new Error('Invalid Input Error: secret value "hunter2"'))).toBe(
      'Invalid Input Error (details withheld: they may quote log contents)',
    );
  });
});
