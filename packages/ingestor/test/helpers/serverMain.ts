// Runs the ingestor as its own process for crash tests:
// `serverMain.ts <dataDir> [publicKeyPath] [port] [options JSON]` (options: JSON-able IngestorOptions).
// With a public key it creates a tenant first. Prints one JSON line with the URL (and secrets).
import { readFileSync } from 'node:fs';
import { startIngestor } from '@logflux/ingestor';

const [dataDir, publicKeyPath, port, options] = process.argv.slice(2);
const ingestor = await startIngestor({
  dataDir: dataDir as string,
  rateLimit: false,
  port: Number(port || 0),
  faultInjection: true,
  ...(options ? (JSON.parse(options) as object) : {}),
});
let secrets = {};
if (publicKeyPath && ingestor.tenants.list().length === 0) {
  const created = await ingestor.tenants.create({ publicKeyPem: readFileSync(publicKeyPath, 'utf8') });
  secrets = { apiKey: created.apiKey, readToken: created.readToken };
}
process.stdout.write(`${JSON.stringify({ url: ingestor.url, ...secrets })}\n`);
process.on('SIGTERM', () => void ingestor.close().then(() => process.exit(0)));
