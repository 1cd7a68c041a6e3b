import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, runTsChild } from './childProcess.js';
import { publicKeyPem, type TestEnv, testEnv } from './env.js';

/**
 * One misconfiguration: the options (JSON-able), optionally environment variables of the process,
 * a script that does not exist, and what stderr must say.
 */
export interface BadConfig {
  options: (env: TestEnv) => Record<string, unknown>;
  variables?: Record<string, string>;
  missingScript?: boolean;
  cause: RegExp;
}

/** The usual ways to misconfigure a transport. */
export const BAD_CONFIGS: Record<string, BadConfig> = {
  'no API key': { options: (env) => ({ endpoint: env.ingestor.url }), cause: /invalid_option: option apiKey is missing/ },
  'a malformed API key': { options: (env) => ({ apiKey: 'not-a-key', endpoint: env.ingestor.url }), cause: /api_key_format/ },
  'an unreachable endpoint': {
    options: (env) => ({
      apiKey: env.tenant.apiKey,
      endpoint: 'http://127.0.0.1:9',
      publicKey: publicKeyPem(),
      spool: false,
      maxRetries: 0,
      closeTimeoutMs: 1000,
    }),
    cause: /network: cannot reach 127\.0\.0\.1:9/,
  },
  'a bad option type': {
    options: (env) => ({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, maxQueueEntries: 'many' }),
    cause: /invalid_option: option maxQueueEntries must be an integer/,
  },
  'a missing public key file': {
    options: (env) => ({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKeyFile: '/nonexistent/logflux.pub.pem' }),
    cause: /invalid_option: cannot read publicKeyFile \/nonexistent\/logflux\.pub\.pem \(ENOENT\)/,
  },
  'a malformed pin': {
    options: (env) => ({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url, publicKey: 'SHA256:not-a-fingerprint' }),
    cause: /pin_format/,
  },
  'an API key without a region and no endpoint': { options: (env) => ({ apiKey: env.tenant.apiKey }), cause: /no_region/ },
  'http to a host that is not loopback': {
    options: (env) => ({ apiKey: env.tenant.apiKey, endpoint: 'http://logs.example.com' }),
    cause: /insecure_endpoint/,
  },
  'an invalid environment variable': {
    options: (env) => ({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url }),
    variables: { LOGFLUX_MAX_RETRIES: 'lots' },
    cause: /invalid_option: environment variable LOGFLUX_MAX_RETRIES must be a number/,
  },
};

/**
 * Runs `child <options JSON> <script> ...rest` once per misconfiguration, side by side, and
 * expects each to print "alive", end on its own with code 0, and name the cause on stderr
 * without the API key. `script(missing)` gives the worker script the child passes on.
 */
export function badConfigMatrix(
  title: string,
  child: string,
  cases: Record<string, BadConfig>,
  script: (missing: boolean) => string,
  rest: string[] = [],
): void {
  let env: TestEnv;
  const results = new Map<string, ChildResult>();
  beforeAll(async () => {
    env = await testEnv();
    await Promise.all(
      Object.entries(cases).map(async ([name, c]) => {
        results.set(
          name,
          await runTsChild(child, [JSON.stringify(c.options(env)), script(c.missingScript === true), ...rest], c.variables ?? {}),
        );
      }),
    );
  }, 60_000);
  afterAll(() => env.stop());

  describe(`${title} with bad configuration: the application keeps running and is told why`, () => {
    for (const [name, c] of Object.entries(cases)) {
      it(name, async () => {
        const r = results.get(name) as ChildResult;
        expect(r.stdout).toContain('alive');
        expect(r).toMatchObject({ code: 0, signal: null });
        expect(r.stderr).toMatch(c.cause);
        expect(r.stderr).not.toContain(env.tenant.apiKey);
        expect((await env.readBack()).entries).toHaveLength(0);
      });
    }
  });
}
