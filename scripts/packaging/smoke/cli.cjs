'use strict';
// @logflux/cli: the library verifies the test vectors (found from the working directory, where
// the scratch project links them), the installed `logflux` bin prints its help, and `logflux sql`
// loads the optional peer @logflux/analysis (installed beside it) to query a Parquet export.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async (load, h) => {
  const { HELP, runCli } = await load('@logflux/cli');
  h.assert(typeof HELP === 'string' && HELP.includes('logflux'), 'HELP text');
  const { io, out, err } = h.captureIo();
  const code = await runCli(['vectors', 'verify'], io);
  h.equal(code, 0, `logflux vectors verify exit code (${err().trim().split('\n').at(-1)})`);
  h.assert(/ passed, 0 failed/.test(out()), 'vectors verify summary');

  const bin = spawnSync(join(process.cwd(), 'node_modules/.bin/logflux'), ['--help'], { encoding: 'utf8' });
  h.equal(bin.status, 0, `logflux --help exit code (${bin.stderr.trim()})`);
  h.assert(bin.stdout.includes('Commands:'), 'logflux --help prints the commands');

  const { exportEntries } = await load('@logflux/analysis');
  const dir = mkdtempSync(join(tmpdir(), 'logflux-smoke-cli-'));
  try {
    const file = join(dir, 'logs.parquet');
    const entries = [{ id: 1, received_at: '2026-11-22T09:30:00.000Z', entry: { type: 'log', level: 7, message: 'hello' } }];
    await exportEntries({
      source: async function* () {
        yield { entries, failures: [], fetched: 1, cursor: 1 };
      },
      out: file,
      format: 'parquet',
    });
    const sql = spawnSync(
      join(process.cwd(), 'node_modules/.bin/logflux'),
      ['sql', '--from-file', file, 'SELECT level_name, message FROM logs'],
      { encoding: 'utf8' },
    );
    h.equal(sql.status, 0, `logflux sql exit code (${sql.stderr.trim()})`);
    h.equal(sql.stdout, 'level_name,message\r\ninfo,hello\r\n', 'logflux sql --from-file prints CSV when piped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
