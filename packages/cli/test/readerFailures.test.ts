import { generateKeyPair, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { envelopeToJson, portableProviders, sealPayload, toHex } from '@logflux/core';
import { type Ingestor, startIngestor } from '@logflux/ingestor';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PeerEntry, PeerSdkClient, type PeerSealed } from '../../../tools/peer-sdks/index.js';
import { ROOT, runCliProcess } from './helpers/cliProcess.js';

/**
 * The reader never aborts on one bad thing (issue 14 items 4 and 5): the real `logflux` CLI as a
 * child process against the real ingestor, with a bogus wrapped key, a wrapped key of the wrong
 * length, a plaintext nested 200,000 deep and a wrong private key among good entries.
 */

const PRIVATE_KEY = join(ROOT, 'test-vectors/keys/test-rsa-4096-private.pem');
const PUBLIC_PEM = (await import('node:fs')).readFileSync(join(ROOT, 'test-vectors/keys/test-rsa-4096-public.pem'), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'logflux-reader-'));
// Generated while the first tests run: another customer's 4096-bit key.
const otherPair = promisify(generateKeyPair)('rsa', { modulusLength: 4096 });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let ingestor: Ingestor;
let tenant: Awaited<ReturnType<Ingestor['tenants']['create']>>;
let client: PeerSdkClient;
let home: string;

beforeEach(async () => {
  const dir = mkdtempSync(join(scratch, 'run-'));
  home = join(dir, 'home');
  ingestor = await startIngestor({ dataDir: join(dir, 'data'), rateLimit: false, onError: () => {} });
  tenant = await ingestor.tenants.create({ publicKeyPem: PUBLIC_PEM, region: 'eu' });
  client = new PeerSdkClient({ sdk: 'js', apiKey: tenant.apiKey, endpoint: ingestor.url });
  await client.start();
});
afterEach(() => ingestor.close());

const log = (n: number): PeerEntry => ({
  source: 'reader-test',
  ts: '2026-12-01T20:05:22.103429474Z',
  input: { type: 'log', level: 6, message: `good entry ${n}` },
});
const query = (extra: string[] = [], key = PRIVATE_KEY) =>
  runCliProcess(['query', '--server', ingestor.url, '--token', tenant.readToken, '--private-key', key, '--home', home, '--json', ...extra]);
const messages = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { entry: { message: string } }).entry.message);

/** One request per entry, in order (so the ids follow the order given). */
async function send(batch: PeerSealed[]): Promise<void> {
  for (const sealed of batch) expect(await client.send([sealed])).toMatchObject({ status: 200, body: { data: { succeeded: 1 } } });
}

describe('logflux query with unreadable keys and entries', () => {
  it('reports a bogus 512-byte and a 256-byte wrapped key once each, and prints every other entry (exit 1)', async () => {
    // Random bytes the handshake takes: 512 of them, numerically below the modulus (a leading zero byte), as §4.4 asks.
    const noise = randomBytes(512);
    noise[0] = 0;
    const complete = await fetch(`${ingestor.url}/v1/handshake/complete`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tenant.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ api_key: tenant.apiKey, encrypted_secret: noise.toString('base64') }),
    });
    expect(complete.status).toBe(200);
    const bogus = ((await complete.json()) as { data: { key_id: string } }).data.key_id;
    const short = await ingestor.store.addSessionKey(tenant.tenant.id, randomBytes(256).toString('base64'));
    const under = (keyId: string) => client.sealBytes(Buffer.from('{"message":"never shown"}'), 1, keyId);
    await send([client.seal(log(1)), under(bogus), ...[2, 3, 4, 5].map((n) => client.seal(log(n))), under(short), under(short)]);

    const r = await query();
    expect(r.code).toBe(1);
    expect(messages(r.stdout)).toEqual(['good entry 1', 'good entry 2', 'good entry 3', 'good entry 4', 'good entry 5']);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith(`key ${bogus}: cannot unwrap the session key (oaep)`))).toHaveLength(1);
    expect(
      lines.filter((l) => l.startsWith(`key ${short}: cannot unwrap the session key (oaep): the wrapped session key is 256 bytes`)),
    ).toHaveLength(1);
    expect(lines.at(-1)).toBe('logflux: 3 of 8 entries skipped (oaep 3)');
    expect(r.stderr).not.toMatch(/probably not the private key|never shown/);

    const tail = await runCliProcess([
      'tail',
      '-n',
      '4',
      '--server',
      ingestor.url,
      '--token',
      tenant.readToken,
      '--private-key',
      PRIVATE_KEY,
      '--home',
      home,
      '--json',
    ]);
    expect(tail.code).toBe(1);
    expect(messages(tail.stdout)).toEqual(['good entry 4', 'good entry 5']);
    expect(tail.stderr.trim().split('\n').at(-1)).toBe('logflux: 2 of 4 entries skipped (oaep 2)');
  });

  it('reports a plaintext nested 200,000 deep as plaintext_too_deep and prints the rest, in query and decode', async () => {
    const deep = Buffer.from(`{"a":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    await send([client.seal(log(1)), client.sealBytes(deep), client.seal(log(2))]);
    const r = await query();
    expect(r.code).toBe(1);
    expect(messages(r.stdout)).toEqual(['good entry 1', 'good entry 2']);
    expect(r.stderr).toMatch(/^entry 2: cannot decrypt \(plaintext_too_deep\); skipped$/m);
    expect(r.stderr).not.toMatch(/Maximum call stack/);

    const key = new Uint8Array(randomBytes(32));
    const p = portableProviders();
    const seal = (bytes: Uint8Array) => sealPayload(p, bytes, { key, keyId: 'k', payloadType: 1 }).then(envelopeToJson);
    const lines = [await seal(Buffer.from('{"n":1}')), await seal(deep), await seal(Buffer.from('{"n":2}'))];
    const d = await runCliProcess(['decode'], `${lines.join('\n')}\n`, { LOGFLUX_AES_KEY: toHex(key) });
    expect(d.code).toBe(1);
    expect(d.stdout).toBe('{"ok":true,"entry":{"n":1}}\n{"ok":false,"error":"plaintext_too_deep"}\n{"ok":true,"entry":{"n":2}}\n');
  });

  it('says "not the private key" only when it is not: every key fails, or the tenant fingerprint differs', async () => {
    await send([client.seal(log(1)), client.seal(log(2))]);
    const other = join(scratch, `other-${Date.now()}.pem`);
    writeFileSync(other, (await otherPair).privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });

    const wrong = await query([], other);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr.match(/^key .*: cannot unwrap the session key \(oaep\)/gm)).toHaveLength(1);
    expect(wrong.stderr).toMatch(/no session key could be unwrapped with this private key \(SHA256:[0-9a-f]{64}\): it is probably not/);

    mkdirSync(home, { recursive: true });
    const creds = { url: ingestor.url, api_key: tenant.apiKey, read_token: tenant.readToken, fingerprint: tenant.tenant.fingerprint };
    writeFileSync(join(home, 'credentials.json'), JSON.stringify(creds), { mode: 0o600 });
    const refused = await query([], other);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not the private key of this tenant: its public key is SHA256:[0-9a-f]{64}, the tenant's is SHA256:/);
    const right = await query();
    expect(right.code).toBe(0);
    expect(messages(right.stdout)).toEqual(['good entry 1', 'good entry 2']);
  });
});
