import { CLIENT_DEFAULTS } from '@logflux/core';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveHostOptions } from '../src/recordWorkerOptions.js';

const saved = process.env.LOGFLUX_HANDLE_SIGNALS;
afterEach(() => {
  if (saved === undefined) delete process.env.LOGFLUX_HANDLE_SIGNALS;
  else process.env.LOGFLUX_HANDLE_SIGNALS = saved;
});

describe('record worker options', () => {
  it('defaults: 5 s at exit, a backlog of the client queue, signals handled', () => {
    delete process.env.LOGFLUX_HANDLE_SIGNALS;
    expect(resolveHostOptions({})).toMatchObject({
      exitTimeoutMs: 5000,
      maxBacklog: CLIENT_DEFAULTS.maxQueueEntries,
      handleSignals: true,
    });
    expect(resolveHostOptions({ logflux: { exitTimeoutMs: 1200 } }).exitTimeoutMs).toBe(1200);
    expect(resolveHostOptions({ exitTimeoutMs: -1, logflux: { maxQueueEntries: 50 } })).toMatchObject({ exitTimeoutMs: 0, maxBacklog: 50 });
    expect(resolveHostOptions({ logflux: { maxQueueEntries: 'many' as never } }).maxBacklog).toBe(CLIENT_DEFAULTS.maxQueueEntries);
  });

  it('handleSignals: the option, else the client option, else LOGFLUX_HANDLE_SIGNALS, field by field', () => {
    process.env.LOGFLUX_HANDLE_SIGNALS = '0';
    expect(resolveHostOptions({}).handleSignals).toBe(false);
    expect(resolveHostOptions({ logflux: { apiKey: 'lf_x' } }).handleSignals).toBe(false);
    expect(resolveHostOptions({ logflux: { apiKey: 'lf_x', handleSignals: true } }).handleSignals).toBe(true);
    expect(resolveHostOptions({ handleSignals: false, logflux: { handleSignals: true } }).handleSignals).toBe(false);
  });
});
