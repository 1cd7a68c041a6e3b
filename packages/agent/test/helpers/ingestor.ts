import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Ingestor, startIngestor } from '@logflux/ingestor';

const KEYS = new URL('../../../../test-vectors/keys/', import.meta.url).pathname;

/** The reference ingestor in this process, with one tenant for the test key pair. */
export async function testIngestor(): Promise<{
  ingestor: Ingestor;
  tenantId: string;
  apiKeyFile: string;
  fingerprint: string;
  dir: string;
  count: () => Promise<number>;
  close: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-ingestor-'));
  const ingestor = await startIngestor({ dataDir: join(dir, 'data'), rateLimit: false, sync: false, faultInjection: true });
  const created = await ingestor.tenants.create({ publicKeyPem: readFileSync(join(KEYS, 'test-rsa-4096-public.pem'), 'utf8') });
  const apiKeyFile = join(dir, 'api.key');
  writeFileSync(apiKeyFile, `${created.apiKey}\n`, { mode: 0o600 });
  const tenantId = created.tenant.id;
  return {
    ingestor,
    tenantId,
    apiKeyFile,
    fingerprint: created.tenant.fingerprint,
    dir,
    async count() {
      let n = 0;
      let after: number | null = 0;
      while (after !== null) {
        const page = await ingestor.store.query(tenantId, { after, limit: 1000 });
        n += page.entries.length;
        after = page.next;
      }
      return n;
    },
    async close() {
      await ingestor.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
