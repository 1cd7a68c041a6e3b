// `child.ts <mode> <url> <apiKey> <spoolDir> <count> <bundled transport>`: pino logging through the LogFlux transport
// in pino's worker thread, then: normal — return; exit — process.exit(0);
// sigterm — the usual handler for pino applications: flush, then exit.
import { readFileSync } from 'node:fs';
import { transportLogger } from './pinoFixture.js';

const [mode, url, apiKey, spoolDir, countText, target] = process.argv.slice(2) as [string, string, string, string, string, string];
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
const { logger } = transportLogger(target, { apiKey, endpoint: url, publicKey, spool: { dir: spoolDir }, flushIntervalMs: 60_000 });
for (let i = 0; i < Number(countText); i++) logger.info({ id: `${mode}-${i}` }, `${mode} ${i}`);
if (mode === 'exit') process.exit(0);
if (mode === 'sigterm') {
  process.on('SIGTERM', () => process.exit(0));
  process.stdout.write('ready\n');
  setInterval(() => {}, 1000);
}
