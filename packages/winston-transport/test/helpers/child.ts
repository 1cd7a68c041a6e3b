// `child.ts <mode> <url> <apiKey> <spoolDir> <count>`: winston logging through LogFlux, then an end:
//   normal — return from main; exit — process.exit(0); sigterm — wait for SIGTERM (handleSignals)
import { readFileSync } from 'node:fs';
import { LogFluxTransport } from '@logflux/winston-transport';
import winston from 'winston';

const [mode, url, apiKey, spoolDir, countText] = process.argv.slice(2) as [string, string, string, string, string];
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
const transport = new LogFluxTransport({
  logflux: { apiKey, endpoint: url, publicKey, spool: { dir: spoolDir }, handleSignals: mode === 'sigterm', flushIntervalMs: 60_000 },
});
const logger = winston.createLogger({ level: 'debug', transports: [transport] });
await transport.client.ready();
for (let i = 0; i < Number(countText); i++) logger.info(`${mode} ${i}`, { id: `${mode}-${i}` });
if (mode === 'exit') process.exit(0);
if (mode === 'sigterm') {
  process.stdout.write('ready\n');
  setInterval(() => {}, 1000);
}
