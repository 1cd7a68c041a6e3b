import { fileURLToPath } from 'node:url';
import { createLogFlux, type LogFluxNode } from '@logflux/node';
import { runCliProcess } from '../../../cli/test/helpers/cliProcess.js';
import { ingestorWithTenant, testPublicKey } from '../../../ingestor/test/helpers/fixtures.js';

const PRIVATE_KEY = fileURLToPath(new URL('../../../../test-vectors/keys/test-rsa-4096-private.pem', import.meta.url));

export type Entry = Record<string, unknown> & { attributes?: Record<string, string> };

export interface Harness {
  client: LogFluxNode;
  /** Every stored entry, fetched and decrypted by the real CLI: `logflux query --json`. */
  query(): Promise<Entry[]>;
  stop(): Promise<void>;
}

/** The reference ingestor with a tenant for the test key, and a pinned client logging to it. */
export async function startHarness(): Promise<Harness> {
  const { ingestor, tenant, stop } = await ingestorWithTenant({ rateLimit: false, sync: false });
  const client = createLogFlux({ apiKey: tenant.apiKey, endpoint: ingestor.url, publicKey: testPublicKey(), spool: false, source: 'web' });
  return {
    client,
    async query() {
      const r = await runCliProcess([
        'query',
        '--server',
        ingestor.url,
        '--token',
        tenant.readToken,
        '--private-key',
        PRIVATE_KEY,
        '--json',
      ]);
      if (r.code !== 0) throw new Error(`logflux query failed (${r.code}): ${r.stderr}`);
      return r.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => (JSON.parse(l) as { entry: Entry }).entry);
    },
    async stop() {
      await client.close();
      await stop();
    },
  };
}

/** The request entry of a request id (the one with a status code). */
export const requestEntry = (entries: Entry[], id: string) =>
  entries.find((e) => e.attributes?.request_id === id && e.attributes['http.response.status_code'] !== undefined && !e.error_type);
/** The captured error of a request id. */
export const errorEntry = (entries: Entry[], id: string) => entries.find((e) => e.attributes?.request_id === id && e.error_type);
/** Entries of a request id with a given message. */
export const messageEntry = (entries: Entry[], id: string, message: string) =>
  entries.find((e) => e.attributes?.request_id === id && e.message === message);
