import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess, startServe, stop } from './helpers/cliProcess.js';

const dir = mkdtempSync(join(tmpdir(), 'logflux-cli-'));
const home = join(dir, 'home');
const keyBase = join(dir, 'customer');
const common = ['--home', home];
const reader = [...common, '--private-key', `${keyBase}.key.pem`];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logflux keygen', () => {
  it('writes a 0600 PKCS#8 private key and prints the fingerprint', async () => {
    const r = await runCliProcess(['keygen', '--out', keyBase]);
    expect(r.code).toBe(0);
    expect(statSync(`${keyBase}.key.pem`).mode & 0o777).toBe(0o600);
    expect(readFileSync(`${keyBase}.key.pem`, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(r.stdout).toMatch(/fingerprint: SHA256:[0-9a-f]{64}/);
    expect((await runCliProcess(['keygen', '--out', keyBase])).code).toBe(2);
  });

  it('encrypts the private key with a passphrase from the environment', async () => {
    const r = await runCliProcess(['keygen', '--out', join(dir, 'enc'), '--passphrase-env', 'PASS'], '', { PASS: 'correct horse' });
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'enc.key.pem'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
  });
});

describe('logflux serve, send, query, tail', () => {
  let server: Awaited<ReturnType<typeof startServe>>;
  beforeAll(async () => {
    server = await startServe([...common, '--public-key', `${keyBase}.pub.pem`]);
  });
  afterAll(() => stop(server.child));

  it('creates a tenant on first start and prints its secrets once', () => {
    const creds = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as Record<string, string>;
    expect(statSync(join(home, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(server.output()).toContain(creds.api_key as string);
    expect(server.output()).toContain(creds.read_token as string);
    expect(server.output()).toContain(creds.fingerprint as string);
  });

  it('sends entries pinned to the key and reads them back decrypted, with filters', async () => {
    expect((await runCliProcess(['send', ...common, '-m', 'first message'])).code).toBe(0);
    const ndjson = [
      '{"message":"disk almost full","level":5}',
      '{"type":"metric","name":"queue.depth","value":12,"kind":"gauge"}',
      '{"type":"event","event":"deploy"}',
    ].join('\n');
    const sent = await runCliProcess(['send', ...common, '--zstd'], ndjson);
    expect(sent.stdout).toMatch(/sent 3 entries, 3 stored/);

    const all = await runCliProcess(['query', ...reader]);
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n')).toHaveLength(4);
    expect(all.stdout).toMatch(/INFO\s+log\s+logflux-cli\s+first message/);
    expect(all.stdout).toMatch(/metric logflux-cli\s+queue\.depth=12 \(gauge\)/);

    const json = await runCliProcess(['query', ...reader, '--json', '--level', 'warning']);
    expect(
      json.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { entry: { message: string } }).entry.message),
    ).toEqual(['disk almost full']);
    expect((await runCliProcess(['query', ...reader, '--type', 'event'])).stdout).toMatch(/event\s+logflux-cli\s+deploy/);
    expect((await runCliProcess(['query', ...reader, '--grep', 'DISK'])).stdout.trim().split('\n')).toHaveLength(1);
    expect((await runCliProcess(['query', ...reader, '--from', '1m'])).stdout.trim().split('\n')).toHaveLength(4);
    expect((await runCliProcess(['query', ...reader, '--to', '2000-01-01T00:00:00Z'])).stdout).toBe('');
    // The diagnostics switch: what it fetched goes to stderr, never the plaintext or a secret.
    const debug = await runCliProcess(['query', ...reader, '--log-level', 'debug']);
    expect(debug.stdout).toBe(all.stdout);
    expect(debug.stderr).toMatch(/^logflux: GET http:\/\/127\.0\.0\.1:\d+\/v1\/entries: 200$/m);
    expect(debug.stderr).toMatch(/^logflux: entries after id 0: 4 stored/m);
    expect(debug.stderr).not.toMatch(/first message|lfr_|lf_/);
    expect((await runCliProcess(['query', ...reader], '', { LOGFLUX_DEBUG: '1' })).stderr).toMatch(/entries after id 0/);
    expect((await runCliProcess(['tail', ...reader, '-n', '1'])).stdout).toMatch(/deploy/);
  });

  it('keeps reading after a restart of the server', async () => {
    await stop(server.child);
    server = await startServe(common);
    expect(server.output()).not.toMatch(/API key:/);
    const r = await runCliProcess(['query', ...reader]);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('follows new entries with tail -f', async () => {
    const { spawn } = await import('node:child_process');
    const { ROOT } = await import('./helpers/cliProcess.js');
    const tail = spawn(
      process.execPath,
      ['--conditions=logflux-src', '--import', 'tsx', 'packages/cli/src/bin.ts', 'tail', '-f', '-n', '0', '--interval', '200', ...reader],
      { cwd: ROOT },
    );
    let out = '';
    tail.stdout.on('data', (d) => {
      out += d;
    });
    await new Promise((r) => setTimeout(r, 1500));
    await runCliProcess(['send', ...common, '-m', 'arrived while tailing']);
    for (let i = 0; i < 50 && !out.includes('arrived while tailing'); i++) await new Promise((r) => setTimeout(r, 100));
    await stop(tail);
    expect(out).toMatch(/arrived while tailing/);
    expect(out).not.toMatch(/first message/);
  });

  it('reports a corrupt entry and skips it without aborting the rest', async () => {
    const creds = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as Record<string, string>;
    const keys = (await (await fetch(`${server.url}/v1/keys`, { headers: { Authorization: `Bearer ${creds.read_token}` } })).json()) as {
      data: { keys: { key_id: string }[] };
    };
    const keyId = keys.data.keys[0]?.key_id as string;
    // Well-formed at the door, but sealed under a key the customer never had: the ingestor stores it.
    const forged = {
      timestamp: new Date().toISOString(),
      entry_type: 1,
      payload_type: 1,
      payload: Buffer.alloc(40, 7).toString('base64'),
      nonce: Buffer.alloc(12).toString('base64'),
      key_id: keyId,
    };
    const res = await fetch(`${server.url}/v1/batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${creds.api_key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ entries: [forged] }),
    });
    expect(res.status).toBe(200);
    const r = await runCliProcess(['query', ...reader]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/entry \d+: cannot decrypt \(auth\); skipped/);
    expect(r.stderr).toMatch(/^logflux: 1 of \d+ entries skipped \(auth 1\)$/m);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(5);
  });

  it('explains a wrong private key, a bad token and an unreachable server', async () => {
    await runCliProcess(['keygen', '--out', join(dir, 'other')]);
    const wrongKey = await runCliProcess(['query', ...common, '--private-key', join(dir, 'other.key.pem')]);
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(/is not the private key of this tenant: its public key is SHA256:[0-9a-f]{64}/);
    const badToken = await runCliProcess(['query', ...reader, '--token', 'lfr_wrong']);
    expect(badToken.stderr).toMatch(/refused the read token/);
    const down = await runCliProcess(['query', ...reader, '--server', 'http://127.0.0.1:9']);
    expect(down.stderr).toMatch(/cannot reach the ingestor/);
    const noPass = await runCliProcess(['query', ...common, '--private-key', join(dir, 'enc.key.pem')]);
    expect(noPass.stderr).toMatch(/is encrypted/);
  });
});
