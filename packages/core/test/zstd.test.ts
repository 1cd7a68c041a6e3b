import { describe, expect, it } from 'vitest';
import { splitZstdFrames, wasmZstd } from './helpers/internals.js';

const text = (n: number) => new TextEncoder().encode(JSON.stringify({ message: 'z'.repeat(n) }));

describe('zstd provider', () => {
  it('round-trips and writes one frame with its content size', async () => {
    const data = text(5000);
    const frame = await wasmZstd.compress(data);
    const frames = splitZstdFrames(frame);
    expect(frames).toHaveLength(1);
    expect(frames[0]?.contentSize).toBe(data.length);
    expect(await wasmZstd.decompress(frame, 1 << 20)).toEqual(data);
  });

  it('decodes concatenated frames in order', async () => {
    const a = text(10);
    const b = text(20);
    const both = new Uint8Array([...(await wasmZstd.compress(a)), ...(await wasmZstd.compress(b))]);
    expect(splitZstdFrames(both)).toHaveLength(2);
    expect(await wasmZstd.decompress(both, 1 << 20)).toEqual(new Uint8Array([...a, ...b]));
  });

  it('refuses a declared size over the limit before decoding', async () => {
    const frame = await wasmZstd.compress(new Uint8Array(2 << 20));
    await expect(wasmZstd.decompress(frame, 1 << 20)).rejects.toMatchObject({ errorClass: 'size_limit' });
  });
});
