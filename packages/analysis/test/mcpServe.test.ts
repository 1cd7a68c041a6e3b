import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { startMcpHttp } from '../src/mcp/http.js';
import { serveMcp } from '../src/mcp/serve.js';
import type { DecryptedEntry, EntrySource } from '../src/types.js';

const stored: DecryptedEntry[] = [];
const add = (message: string, level = 7) =>
  stored.push({
    id: stored.length + 1,
    received_at: new Date().toISOString(),
    entry: { type: 'log', source: 'api', level, message, ts: new Date().toISOString() },
  });
const source: EntrySource = async function* (after) {
  const newer = stored.filter((e) => e.id > after);
  yield { entries: newer, failures: [], fetched: newer.length, cursor: stored.length };
};

async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  return client;
}
const text = (r: unknown) => JSON.parse((r as { content: { text: string }[] }).content[0]?.text as string);

describe('serveMcp over HTTP', () => {
  it('answers concurrent tool calls from several clients, one at a time, with new entries fetched first', async () => {
    for (let i = 0; i < 50; i++) add(`request ${i}`, i % 10 === 0 ? 4 : 7);
    const mcp = await serveMcp({ source, transport: 'http', port: 0 });
    const [a, b] = await Promise.all([connect(mcp.url as string, mcp.token as string), connect(mcp.url as string, mcp.token as string)]);
    try {
      expect(mcp.loaded).toBe(50);
      add('arrived later', 3);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).callTool({ name: i % 3 ? 'log_stats' : 'search_logs', arguments: i % 3 ? {} : { level: 'error' } }),
        ),
      );
      for (const [i, r] of results.entries()) {
        if (i % 3) expect(text(r).total).toBe(51);
        else
          expect(text(r).entries.map((e: { message: string }) => e.message)).toEqual([
            'arrived later',
            'request 40',
            'request 30',
            'request 20',
            'request 10',
            'request 0',
          ]);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
      await mcp.close();
    }
    await mcp.closed;
  });

  it('refuses to listen beyond loopback without consent, and a short token', async () => {
    const newServer = () => {
      throw new Error('not reached');
    };
    await expect(startMcpHttp({ host: '0.0.0.0', token: 'x'.repeat(32), newServer })).rejects.toThrow(
      /only loopback unless --allow-external/,
    );
    await expect(startMcpHttp({ token: 'short', newServer })).rejects.toThrow(/at least 16 characters/);
  });
});
