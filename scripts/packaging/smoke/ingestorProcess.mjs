// A reference ingestor (the packed @logflux/ingestor) in its own process, for smoke scripts whose
// code under test blocks the main thread (pino's thread-stream waits synchronously on end()).
// Prints {"url","apiKey","readToken"} as one line, stops when its stdin ends.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startIngestor } from '@logflux/ingestor';

const dataDir = mkdtempSync(join(tmpdir(), 'logflux-smoke-'));
const ingestor = await startIngestor({ dataDir, port: 0, rateLimit: false, sync: false });
const tenant = await ingestor.tenants.create({
  publicKeyPem: readFileSync(join(process.env.LOGFLUX_TEST_KEYS, 'test-rsa-4096-public.pem'), 'utf8'),
});
process.stdout.write(`${JSON.stringify({ url: ingestor.url, apiKey: tenant.apiKey, readToken: tenant.readToken })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await ingestor.close();
  rmSync(dataDir, { recursive: true, force: true });
});
