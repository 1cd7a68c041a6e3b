'use strict';
// @logflux/analysis: DuckDB from the registry loads and types entries; a Parquet export reads back;
// run_sql refuses a DELETE; the MCP server answers tools/call over loopback HTTP with its token.
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async (load, h) => {
  const a = await load('@logflux/analysis');
  const entries = [
    {
      id: 1,
      received_at: '2026-11-22T09:30:00.000Z',
      entry: { v: '2.0', type: 'log', level: 4, message: 'card declined', attributes: { order: '7' } },
    },
    { id: 2, received_at: '2026-11-22T09:30:01.000Z', entry: { v: '2.0', type: 'metric', level: 7, name: 'q', value: 3, kind: 'gauge' } },
  ];
  const source = async function* (after) {
    yield { entries: entries.filter((e) => e.id > after), failures: [], fetched: 2, cursor: 2 };
  };
  const dir = mkdtempSync(join(tmpdir(), 'logflux-smoke-analysis-'));
  try {
    const out = join(dir, 'logs.parquet');
    const summary = await a.exportEntries({ source, out, format: 'parquet' });
    h.equal(summary.written, 2, 'entries exported');
    const run = await a.querySql({ sql: "SELECT message, attributes['order'] AS o FROM logs WHERE level <= 4", parquetFile: out });
    h.equal(JSON.stringify(run.result.rows), '[["card declined","7"]]', 'SQL over the exported Parquet file');
    h.assert(a.formatResult(run.result, 'csv').startsWith('message,o\r\n'), 'CSV output');

    const mcp = await a.serveMcp({ source, transport: 'http', port: 0 });
    try {
      const rpc = async (token, body) => {
        const res = await fetch(mcp.url, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, ...body }),
        });
        return { status: res.status, body: res.status === 200 ? await res.json() : undefined };
      };
      h.equal((await rpc('wrong-token', { method: 'tools/list' })).status, 401, 'a wrong token is refused');
      const stats = await rpc(mcp.token, { method: 'tools/call', params: { name: 'log_stats', arguments: {} } });
      h.equal(JSON.parse(stats.body.result.content[0].text).total, 2, 'log_stats over HTTP');
      const refused = await rpc(mcp.token, { method: 'tools/call', params: { name: 'run_sql', arguments: { sql: 'DELETE FROM logs' } } });
      h.assert(refused.body.result.isError === true && /refused/.test(refused.body.result.content[0].text), 'run_sql refuses a DELETE');
    } finally {
      await mcp.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
