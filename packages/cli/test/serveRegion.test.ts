import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCliProcess, startServe, stop } from './helpers/cliProcess.js';

const PUBLIC_KEY = fileURLToPath(new URL('../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'logflux-serve-region-'));
const home = join(dir, 'home');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: Awaited<ReturnType<typeof startServe>> | undefined;
afterEach(async () => {
  if (server) await stop(server.child);
  server = undefined;
});

const credentials = () =>
  JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as { api_key: string; api_keys_by_region?: Record<string, string> };
const keysIn = (text: string) => [...text.matchAll(/API key: +(\S+)/g)].map((m) => m[1] as string);
const init = (url: string, key: string) =>
  fetch(`${url}/v1/handshake/init`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ api_key: key }),
  }).then((r) => r.status);
const residency = (url: string, key: string) =>
  fetch(`${url}/api/discovery`, { headers: { Authorization: `Bearer ${key}` } })
    .then((r) => r.json())
    .then((b) => (b as { data_residency: string }).data_residency);

describe('logflux serve --region', () => {
  it('issues region-prefixed keys that discovery and the handshake accept', async () => {
    server = await startServe(['--home', home, '--public-key', PUBLIC_KEY, '--region', 'eu']);
    const [euKey] = keysIn(server.output());
    expect(euKey).toMatch(/^eu-lf_[A-Za-z0-9]{32}$/);
    expect(server.output()).toMatch(/region: eu/);
    expect(credentials()).toMatchObject({ api_key: euKey, api_keys_by_region: { eu: euKey } });
    expect(((await (await fetch(`${server.url}/`)).json()) as { region: string }).region).toBe('eu');
    expect(await residency(server.url, euKey as string)).toBe('eu');
    expect(await init(server.url, euKey as string)).toBe(200);
    // Our own CLI sends with the prefixed key too (endpoint from credentials.json).
    const sent = await runCliProcess(['send', '--home', home, '-m', 'sent with an eu- key']);
    expect(sent.code).toBe(0);
  });

  it('adds one key for a new region to the existing tenant; the earlier key keeps working', async () => {
    const euKey = credentials().api_key;
    server = await startServe(['--home', home, '--region', 'us']);
    const [usKey] = keysIn(server.output());
    expect(usKey).toMatch(/^us-lf_[A-Za-z0-9]{32}$/);
    expect(server.output()).toMatch(/additional API key for region us/);
    expect(credentials()).toMatchObject({ api_key: euKey, api_keys_by_region: { eu: euKey, us: usKey } });
    expect(await init(server.url, usKey as string)).toBe(200);
    expect(await init(server.url, euKey)).toBe(200);
    expect(await residency(server.url, usKey as string)).toBe('us');
    expect(await residency(server.url, euKey)).toBe('eu');
    await stop(server.child);

    server = await startServe(['--home', home, '--region', 'us']);
    expect(keysIn(server.output())).toEqual([]);
    expect(server.output()).toMatch(/API key for region us: issued earlier/);
    await stop(server.child);

    server = await startServe(['--home', home]);
    expect(((await (await fetch(`${server.url}/`)).json()) as { region: string }).region).toBe('local');
    expect(await init(server.url, usKey as string)).toBe(200);
  });

  it('is documented in the help and refuses an unknown region before starting', async () => {
    expect((await runCliProcess(['serve', '--help'])).stdout).toMatch(/--region eu\|us\|ca\|au\|ap/);
    const r = await runCliProcess(['serve', '--home', home, '--port', '0', '--region', 'xx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--region must be one of eu, us, ca, au, ap/);
  });
});
