import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentConfigError } from '../src/config/fields.js';
import { AgentLog } from '../src/log.js';
import { createSink, readApiKey } from '../src/sink.js';
import { testIngestor } from './helpers/ingestor.js';

let t: Awaited<ReturnType<typeof testIngestor>>;
const logged: string[] = [];
const log = new AgentLog('info', (l) => logged.push(l));
beforeAll(async () => {
  t = await testIngestor();
});
afterAll(() => t.close());

describe('sink (the client of a destination)', () => {
  it('delivers a batch through the real client pipeline and reports its outcome', async () => {
    const sink = createSink(
      'default',
      { endpoint: t.ingestor.url, apiKeyFile: t.apiKeyFile, publicKey: t.fingerprint, spool: false },
      t.dir,
      log,
    );
    const result = await sink.writeBatch(
      [
        { level: 7, message: 'one', ts: Date.parse('2020-01-01T00:00:00Z'), source: 'app-a' },
        { type: 'event', level: 6, event: 'deploy' },
      ],
      'key-0123456789abcdef',
    );
    expect(result).toEqual({ acknowledged: 2, spooled: 0, dropped: {}, pending: 0 });
    expect(await t.count()).toBe(2);
    expect(sink.status()).toMatchObject({ name: 'default', transport: 'up', handshake: 'ready', acknowledged: 2 });
    expect(sink.fill()).toBe(0);
    expect(sink.blocked()).toBe(false);
    expect((await sink.close()).pending).toBe(0);
  });

  it('is blocked when the ingestor refuses the API key, and never logs the key', async () => {
    const wrong = join(t.dir, 'wrong.key');
    const key = 'lf_WRONGwrongWRONGwrongWRONGwrong12';
    writeFileSync(wrong, `${key}\n`);
    const sink = createSink('bad', { endpoint: t.ingestor.url, apiKeyFile: wrong, spool: false }, t.dir, log);
    const result = await sink.writeBatch([{ level: 7, message: 'x' }], 'key-0123456789abcdef');
    expect(result.acknowledged).toBe(0);
    expect(sink.blocked()).toBe(true);
    await sink.close();
    expect(logged.join('')).not.toContain('WRONGwrong');
  });

  it('reads the API key from a file (first line) or a variable, naming the field when it cannot', () => {
    expect(readApiKey({ apiKeyFile: t.apiKeyFile }, 'd')).toMatch(/^lf_/);
    expect(readApiKey({ apiKeyEnv: 'K' }, 'd', { K: 'lf_x' })).toBe('lf_x');
    expect(() => readApiKey({ apiKeyFile: '/nonexistent' }, 'destinations.main')).toThrow(
      new AgentConfigError('destinations.main.apiKeyFile', 'cannot read /nonexistent (ENOENT)'),
    );
    expect(() => readApiKey({}, 'destinations.main', {})).toThrow(
      /destinations\.main\.apiKeyEnv: the environment variable LOGFLUX_API_KEY is not set/,
    );
  });
});
