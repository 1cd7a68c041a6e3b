import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Ingestor, type IngestorOptions, type NewTenant, startIngestor } from '@logflux/ingestor';

export const VECTORS = new URL('../../../../test-vectors/', import.meta.url);
export const testPublicKey = () => readFileSync(new URL('keys/test-rsa-4096-public.pem', VECTORS), 'utf8');
export const testPrivateKey = () => readFileSync(new URL('keys/test-rsa-4096-private.pem', VECTORS), 'utf8');

export function tempDir(prefix = 'ingestor-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Starts an ingestor on an ephemeral loopback port with one tenant for the test key. */
export async function ingestorWithTenant(
  options: Partial<IngestorOptions> = {},
  tenant: { maxEntries?: number } = {},
): Promise<{ ingestor: Ingestor; tenant: NewTenant; dir: string; stop(): Promise<void> }> {
  const dir = tempDir();
  const ingestor = await startIngestor({ dataDir: dir.path, ...options });
  const created = await ingestor.tenants.create({ publicKeyPem: testPublicKey(), ...tenant });
  return {
    ingestor,
    tenant: created,
    dir: dir.path,
    async stop() {
      await ingestor.close();
      dir.remove();
    },
  };
}
