import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTE_CASES, EXPECTED_ATTRIBUTES } from '../../../test/attributeCases.js';
import { type BrowserEnv, startBrowserEnv } from './helpers/browserEnv.js';

/**
 * The browser path of the attribute matrix (test/attributeMatrix.test.ts has the Node paths): the
 * same table, built in the page, logged in Chromium through the SDK's methods and a child logger,
 * stored by the reference ingestor and decrypted by the `logflux` CLI.
 */

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv('attribute-matrix');
}, 120_000);
afterAll(async () => {
  await env?.close();
});

describe('one attribute encoding in the browser (docs/protocol.md §6.6)', () => {
  it('stores the table as every Node path does', async () => {
    const { page } = await env.open();
    await page.evaluate(
      async ({ cfg, cases }) => {
        const { LogFlux } = window as unknown as { LogFlux: typeof import('../src/index.js') };
        const make = new Function(`return (${cases})()`) as () => Record<string, unknown>;
        const client = LogFlux.createLogFlux(cfg);
        client.info('browser info', make());
        client.child(make()).info('browser child');
        await client.flush();
      },
      {
        cfg: { apiKey: env.apiKey, endpoint: env.ingestor.url, publicKey: env.publicKey, source: 'web-matrix' },
        cases: ATTRIBUTE_CASES.toString(),
      },
    );
    const entries = (await env.decrypt()).filter((e) => e.source === 'web-matrix');
    const firstLine = (a: Record<string, string>) => ({ ...a, 'failure.stack_trace': a['failure.stack_trace']?.split('\n')[0] });
    expect(Object.fromEntries(entries.map((e) => [e.message, firstLine(e.attributes as Record<string, string>)]))).toEqual({
      'browser info': EXPECTED_ATTRIBUTES,
      'browser child': EXPECTED_ATTRIBUTES,
    });
    await page.close();
  });
});
