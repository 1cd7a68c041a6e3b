import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, runTsChild } from '../../node/test/helpers/childProcess.js';
import { publicKeyPem, type TestEnv, testEnv } from '../../node/test/helpers/env.js';
import { bundleRecordWorker } from '../../node/test/helpers/recordWorkerBundle.js';

const CHILD = fileURLToPath(new URL('./helpers/badConfigChild.ts', import.meta.url));

let env: TestEnv;
const results = new Map<string, ChildResult>();

/** name → client options, the worker script (default: the bundled one), and what stderr must name. */
const CASES: Record<string, { options: () => Record<string, unknown>; script?: string; cause: RegExp }> = {
  'no API key': { options: () => ({ endpoint: env.ingestor.url }), cause: /invalid_option: LOGFLUX_API_KEY is not set/ },
  'a malformed API key': { options: () => ({ apiKey: 'not-a-key', endpoint: env.ingestor.url }), cause: /api_key_format/ },
  'an unreachable endpoint': {
    options: () => ({ apiKey: env.tenant.apiKey, endpoint: 'http://127.0.0.1:9', spool: false, maxRetries: 0, publicKey: publicKeyPem() }),
    cause: /network: cannot reach 127\.0\.0\.1:9/,
  },
  'a bad option type': {
    options: () => ({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, maxQueueEntries: 'many' }),
    cause: /invalid_option: option maxQueueEntries must be an integer/,
  },
  'a missing worker script': {
    options: () => ({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url }),
    script: '/nonexistent/recordWorker.js',
    cause: /the worker thread stopped \(Error: Cannot find module/,
  },
};

beforeAll(async () => {
  env = await testEnv();
  const bundled = bundleRecordWorker();
  await Promise.all(
    Object.entries(CASES).map(async ([name, c]) => {
      results.set(name, await runTsChild(CHILD, [JSON.stringify(c.options()), c.script ?? bundled]));
    }),
  );
}, 60_000);
afterAll(() => env.stop());

describe('LogFluxWorkerTransport with bad configuration: the application keeps running and is told why', () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      const r = results.get(name) as ChildResult;
      expect(r.stdout).toMatch(/^alive /);
      expect(r).toMatchObject({ code: 0, signal: null });
      expect(r.stderr).toMatch(c.cause);
      expect(r.stderr).not.toContain(env.tenant.apiKey);
      // Nothing stored, nothing unaccounted for: dropped, or still pending when flush() gave up.
      const result = JSON.parse(r.stdout.slice('alive '.length)) as {
        acknowledged: number;
        dropped: Record<string, number>;
        pending: number;
      };
      expect(result.acknowledged).toBe(0);
      expect(Object.values(result.dropped).reduce((a, b) => a + b, result.pending)).toBe(6);
    });
  }
});
