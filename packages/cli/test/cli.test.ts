import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { runCli } from '@logflux/cli';
import { envelopeToJson, portableProviders, sealEntry, toHex } from '@logflux/core';
import { describe, expect, it } from 'vitest';
import { findVectorsDir } from '../src/repoPaths.js';

const VECTORS = new URL('../../../test-vectors/', import.meta.url);

async function cli(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => {
    out += d;
  });
  stderr.on('data', (d) => {
    err += d;
  });
  const code = await runCli(args, { stdin: Readable.from([stdin]), stdout, stderr });
  return { code, out, err };
}

describe('logflux decode', () => {
  it('writes one result line per input line and keeps going after bad lines', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const p = portableProviders();
    const good1 = envelopeToJson(await sealEntry(p, { message: 'one' }, { key, keyId: 'k', payloadType: 1 }));
    const good2 = envelopeToJson(await sealEntry(p, { message: 'two' }, { key, keyId: 'k', payloadType: 2 }));
    const input = [good1, 'not json', good1.replace(/"nonce":"[^"]+"/, '"nonce":"AAAA"'), '', good2].join('\n');
    const { code, out } = await cli(['decode', '--aes-key', toHex(key)], `${input}\n`);
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { ok: true, entry: { message: 'one' } },
      { ok: false, error: 'envelope_json' },
      { ok: false, error: 'nonce_length' },
      { ok: false, error: 'envelope_json' },
      { ok: true, entry: { message: 'two' } },
    ]);
    expect(code).toBe(1);
  });

  it('exits 0 when every line decodes, handling CRLF line ends', async () => {
    const key = new Uint8Array(32).fill(3);
    const line = envelopeToJson(await sealEntry(portableProviders(), { ok: 1 }, { key, keyId: 'k', payloadType: 1 }));
    const { code, out } = await cli(['decode', '--aes-key', toHex(key)], `${line}\r\n${line}\r\n`);
    expect(code).toBe(0);
    expect(out).toBe('{"ok":true,"entry":{"ok":1}}\n{"ok":true,"entry":{"ok":1}}\n');
  });

  it('refuses a malformed key without echoing it', async () => {
    const { code, err } = await cli(['decode', '--aes-key', 'deadbeef'], '');
    expect(code).toBe(2);
    expect(err).toMatch(/64 hex characters/);
    expect(err).not.toContain('deadbeef');
  });
});

describe('logflux vectors verify', () => {
  it('passes the repository vectors', async () => {
    const { code, out } = await cli(['vectors', 'verify', new URL('.', VECTORS).pathname]);
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+ passed, 0 failed$/m);
  });

  it('reports a tampered vector as a failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vectors-'));
    const file = JSON.parse(readFileSync(new URL('aes_256_gcm_test.json', VECTORS), 'utf8'));
    const test = file.testGroups[0].tests[0];
    test.ciphertext = `${test.ciphertext.slice(0, -2)}${test.ciphertext.endsWith('00') ? '01' : '00'}`;
    writeFileSync(join(dir, 'aes_256_gcm_test.json'), JSON.stringify(file));
    const { code, out } = await cli(['vectors', 'verify', dir]);
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL aes_256_gcm_test.json tcId 1/);
    expect(out).toMatch(/^\d+ passed, 1 failed$/m);
  });
});

describe('logflux vectors verify without a checkout', () => {
  it('finds no vectors outside a checkout and says where to get them', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'no-vectors-'));
    expect(findVectorsDir([outside])).toBeUndefined();
    expect(findVectorsDir([new URL('.', import.meta.url).pathname])).toBe(new URL('.', VECTORS).pathname.replace(/\/$/, ''));
  });
});

describe('logflux (top level)', () => {
  it('stops quietly with exit code 0 when the reader closes the pipe (EPIPE)', async () => {
    const stdout = new Writable({
      highWaterMark: 1,
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    stdout.on('error', () => {});
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (d) => {
      err += d;
    });
    const code = await runCli(['vectors', 'verify', new URL('.', VECTORS).pathname], { stdin: Readable.from(['']), stdout, stderr });
    expect(code).toBe(0);
    expect(err).toBe('');
  });

  it('rejects unknown commands with exit code 2', async () => {
    const { code, err } = await cli(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toMatch(/unknown command/);
  });
});
