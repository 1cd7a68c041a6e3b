import { createLogFlux, ENV_VARIABLES, initFromEnv, optionsFromEnv, resolveNodeOptions } from '@logflux/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyPem, type TestEnv, testEnv } from './helpers/env.js';

const KEY = 'eu-lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

describe('optionsFromEnv: what each LOGFLUX_* variable sets', () => {
  it('takes overrides that win field by field (as it did before the resolver)', () => {
    const env = { LOGFLUX_API_KEY: 'eu-lf_fromenv', LOGFLUX_ENDPOINT: 'https://logs.example.com', LOGFLUX_SOURCE: 'env-source' };
    expect(optionsFromEnv(env, { source: 'example-winston', endpoint: undefined })).toMatchObject({
      apiKey: 'eu-lf_fromenv',
      endpoint: 'https://logs.example.com',
      source: 'example-winston',
    });
    expect(() => optionsFromEnv({ LOGFLUX_MAX_RETRIES: 'many' }, {})).toThrow(/LOGFLUX_MAX_RETRIES/);
  });

  it('reads every option, tunables included, by name', () => {
    expect(
      optionsFromEnv({
        LOGFLUX_API_KEY: KEY,
        LOGFLUX_ENDPOINT: 'https://logs.example.com',
        LOGFLUX_PIN: 'SHA256:abc',
        LOGFLUX_SOURCE: 'billing',
        LOGFLUX_PAYLOAD_TYPE: 'zstd',
        LOGFLUX_MIN_LEVEL: 'warning',
        LOGFLUX_SAMPLE_RATE: '0.5',
        LOGFLUX_MAX_QUEUE_ENTRIES: '5000',
        LOGFLUX_FLUSH_INTERVAL_MS: '250',
        LOGFLUX_CLOSE_TIMEOUT_MS: '3000',
        LOGFLUX_SPOOL_DIR: '/var/spool/logflux',
        LOGFLUX_DURABILITY: 'disk',
        LOGFLUX_HANDLE_SIGNALS: '0',
        LOGFLUX_EXIT_TIMEOUT_MS: '2000',
        LOGFLUX_SEAL_THREADS: '1',
        LOGFLUX_DEBUG: '1',
        LOGFLUX_STRICT: 'true',
      }),
    ).toEqual({
      apiKey: KEY,
      endpoint: 'https://logs.example.com',
      publicKey: 'SHA256:abc',
      source: 'billing',
      payloadType: 2,
      minLevel: 5,
      sampleRate: 0.5,
      maxQueueEntries: 5000,
      flushIntervalMs: 250,
      closeTimeoutMs: 3000,
      spool: { dir: '/var/spool/logflux' },
      durability: 'disk',
      handleSignals: false,
      exitTimeoutMs: 2000,
      sealThreads: 1,
      logLevel: 'debug',
      strict: true,
    });
    expect(Object.keys(ENV_VARIABLES)).toContain('LOGFLUX_MAX_BATCH_BYTES');
    expect(optionsFromEnv({})).toEqual({});
    expect(optionsFromEnv({ LOGFLUX_API_KEY: '', LOGFLUX_SPOOL: 'off' })).toEqual({ spool: false });
  });

  it('reads LOG_LEVEL leniently (an application may use its own values) and LOGFLUX_LOG_LEVEL strictly', () => {
    expect(optionsFromEnv({ LOG_LEVEL: 'INFO' }).logLevel).toBe('info');
    expect(optionsFromEnv({ LOG_LEVEL: 'warning' }).logLevel).toBe('warn');
    expect(optionsFromEnv({ LOG_LEVEL: 'verbose' }).logLevel).toBeUndefined();
    expect(optionsFromEnv({ LOG_LEVEL: 'trace', LOGFLUX_LOG_LEVEL: 'error' }).logLevel).toBe('error');
    expect(() => optionsFromEnv({ LOGFLUX_LOG_LEVEL: 'verbose' })).toThrow(/LOGFLUX_LOG_LEVEL must be/);
  });

  it('names the variable whose value is invalid', () => {
    expect(() => optionsFromEnv({ LOGFLUX_MAX_RETRIES: 'lots' })).toThrow(/environment variable LOGFLUX_MAX_RETRIES must be a number/);
    expect(() => optionsFromEnv({ LOGFLUX_HANDLE_SIGNALS: 'maybe' })).toThrow(/LOGFLUX_HANDLE_SIGNALS/);
    expect(() => optionsFromEnv({ LOGFLUX_PAYLOAD_TYPE: 'brotli' })).toThrow(/LOGFLUX_PAYLOAD_TYPE/);
    expect(() => optionsFromEnv({ LOGFLUX_PIN: 'SHA256:a', LOGFLUX_PUBLIC_KEY: 'SHA256:b' })).toThrow(/LOGFLUX_PIN/);
  });
});

describe('resolveNodeOptions: explicit options win field by field', () => {
  const env = {
    LOGFLUX_API_KEY: KEY,
    LOGFLUX_ENDPOINT: 'https://env.example.com',
    LOGFLUX_PUBLIC_KEY_FILE: '/env/pub.pem',
    LOGFLUX_SOURCE: 'from-env',
    LOGFLUX_SPOOL_MAX_BYTES: '2048',
    LOGFLUX_LOG_LEVEL: 'trace',
  };

  it('takes each field from the options when given there, else from the environment', () => {
    const { options, problem } = resolveNodeOptions({ endpoint: 'https://explicit.example.com', source: undefined }, env);
    expect(problem).toBeUndefined();
    expect(options).toMatchObject({
      apiKey: KEY,
      endpoint: 'https://explicit.example.com',
      source: 'from-env',
      publicKeyFile: '/env/pub.pem',
      logLevel: 'trace',
    });
  });

  it('treats the pin as one field and the diagnostics as one field; merges spool objects', () => {
    const pinned = resolveNodeOptions({ publicKey: 'SHA256:explicit', debug: true, spool: { dir: '/explicit' } }, env).options;
    expect(pinned.publicKey).toBe('SHA256:explicit');
    expect(pinned.publicKeyFile).toBeUndefined();
    expect(pinned.logLevel).toBeUndefined();
    expect(pinned.debug).toBe(true);
    expect(pinned.spool).toEqual({ dir: '/explicit', maxBytes: 2048 });
    expect(resolveNodeOptions({ spool: false }, env).options.spool).toBe(false);
  });

  it('returns an invalid variable as the problem instead of throwing', () => {
    const { problem } = resolveNodeOptions({ apiKey: KEY }, { LOGFLUX_SAMPLE_RATE: 'half' });
    expect(problem).toMatchObject({ errorClass: 'invalid_option', message: expect.stringContaining('LOGFLUX_SAMPLE_RATE') });
  });
});

describe('createLogFlux and initFromEnv read the environment', () => {
  let env: TestEnv;
  beforeEach(async () => {
    env = await testEnv();
  });
  afterEach(() => env.stop());

  it('createLogFlux({}) with only LOGFLUX_* set delivers; initFromEnv is the same', async () => {
    const vars = {
      LOGFLUX_API_KEY: env.tenant.apiKey,
      LOGFLUX_ENDPOINT: env.ingestor.url,
      LOGFLUX_PIN: publicKeyPem(),
      LOGFLUX_SPOOL: 'off',
    };
    const a = createLogFlux({ sealThreads: 0 }, { env: vars });
    a.info('from createLogFlux');
    expect(await a.close()).toMatchObject({ acknowledged: 1 });
    const b = initFromEnv({ source: 'explicit-source', sealThreads: 0 }, vars);
    b.info('from initFromEnv');
    expect(await b.close()).toMatchObject({ acknowledged: 1 });
    const entries = (await env.readBack()).entries;
    expect(entries.map((e) => [e.message, e.source])).toEqual([
      ['from createLogFlux', 'app'],
      ['from initFromEnv', 'explicit-source'],
    ]);
    expect(a.stats().handshake.pinned).toBe(true);
  });

  it('an invalid variable disables the client (reported, counted) unless strict', async () => {
    const diagnostics: string[] = [];
    const vars = { LOGFLUX_API_KEY: env.tenant.apiKey, LOGFLUX_ENDPOINT: env.ingestor.url, LOGFLUX_MAX_RETRIES: 'lots' };
    const client = createLogFlux({ spool: false }, { env: vars, diagnostic: (m) => diagnostics.push(m) });
    client.info('dropped');
    expect(client.stats().dropped.invalid_config).toBe(1);
    expect(diagnostics.join('\n')).toMatch(/LOGFLUX_MAX_RETRIES must be a number/);
    await client.close();
    expect(() => createLogFlux({ spool: false, strict: true }, { env: vars })).toThrow(/LOGFLUX_MAX_RETRIES/);
  });
});
