import { LogFluxError } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { ReadySignal } from '../src/readySignal.js';

describe('ReadySignal', () => {
  it('resolves once; later settlements change nothing', async () => {
    const ready = new ReadySignal();
    expect(ready.settled).toBe(false);
    ready.settle();
    ready.settle({ errorClass: 'network', message: 'too late' });
    expect(ready.settled).toBe(true);
    await expect(ready.promise).resolves.toBeUndefined();
  });

  it('rejects with the problem as a LogFluxError of its class', async () => {
    const ready = new ReadySignal();
    ready.settle({ errorClass: 'pin_mismatch', message: 'another key' });
    const error = await ready.promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LogFluxError);
    expect(error).toMatchObject({ errorClass: 'pin_mismatch', message: 'another key' });
  });
});
