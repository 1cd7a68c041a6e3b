import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Envelope, importPrivateKeyPem, openEnvelope, portableProviders, unwrapSessionKey } from '@logflux/core';
import { type Ingestor, type IngestorOptions, type NewTenant, startIngestor } from '@logflux/ingestor';

const KEYS = new URL('../../../../test-vectors/keys/', import.meta.url);
export const publicKeyPem = () => readFileSync(new URL('test-rsa-4096-public.pem', KEYS), 'utf8');
const privateKeyPem = () => readFileSync(new URL('test-rsa-4096-private.pem', KEYS), 'utf8');

export interface TestEnv {
  ingestor: Ingestor;
  tenant: NewTenant;
  dataDir: string;
  scratch: string;
  stop(): Promise<void>;
  /** Every stored entry, decrypted with the customer's private key (as `logflux query` would). */
  readBack(): Promise<{ stored: (Envelope & { id: number })[]; entries: Record<string, unknown>[] }>;
}

export async function testEnv(options: Partial<IngestorOptions> = {}): Promise<TestEnv> {
  const scratch = mkdtempSync(join(tmpdir(), 'logflux-node-'));
  const dataDir = join(scratch, 'data');
  const ingestor = await startIngestor({ dataDir, rateLimit: false, ...options });
  const tenant = await ingestor.tenants.create({ publicKeyPem: publicKeyPem() });
  return {
    ingestor,
    tenant,
    dataDir,
    scratch,
    async stop() {
      await ingestor.close();
      rmSync(scratch, { recursive: true, force: true });
    },
    readBack: () => readBack(ingestor.url, tenant.readToken),
  };
}

export async function readBack(
  url: string,
  readToken: string,
): Promise<{ stored: (Envelope & { id: number })[]; entries: Record<string, unknown>[] }> {
  const auth = { Authorization: `Bearer ${readToken}` };
  const stored: (Envelope & { id: number })[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const page = (await (await fetch(`${url}/v1/entries?limit=1000&after=${after}`, { headers: auth })).json()) as {
      data: { entries: (Envelope & { id: number })[]; next_after: number | null };
    };
    stored.push(...page.data.entries);
    after = page.data.next_after;
  }
  const privateKey = await importPrivateKeyPem(privateKeyPem());
  const keys = new Map<string, Uint8Array>();
  const providers = portableProviders();
  const entries: Record<string, unknown>[] = [];
  for (const e of stored) {
    let key = keys.get(e.key_id);
    if (!key) {
      const res = (await (await fetch(`${url}/v1/keys/${e.key_id}`, { headers: auth })).json()) as { data: { encrypted_secret: string } };
      key = await unwrapSessionKey(privateKey, res.data.encrypted_secret);
      keys.set(e.key_id, key);
    }
    entries.push((await openEnvelope(e, { providers, key })).entry);
  }
  return { stored, entries };
}
