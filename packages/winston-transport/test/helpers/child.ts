// `child.ts <mode> <url> <apiKey> <spoolDir> <count>`: winston logging through the in-process
// LogFluxTransport with its default options, after its handshake, then an end:
//   normal — return from main; end — logger.end(), printing "finished" on the transport's 'finish';
//   exit — process.exit(7); sigterm — wait for SIGTERM; throw — an uncaught exception.
import { readFileSync } from 'node:fs';
import { LogFluxTransport } from '@logflux/winston-transport';
import winston from 'winston';

const [mode, url, apiKey, spoolDir, countText] = process.argv.slice(2) as [string, string, string, string, string];
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
const transport = new LogFluxTransport({
  logflux: { apiKey, endpoint: url, publicKey, spool: { dir: spoolDir }, flushIntervalMs: 60_000, exitTimeoutMs: 20_000 },
});
const logger = winston.createLogger({ level: 'debug', transports: [transport] });
await transport.ready();
for (let i = 0; i < Number(countText); i++) logger.info(`${mode} ${i}`, { id: `${mode}-${i}` });
if (mode === 'end') {
  transport.on('finish', () => process.stdout.write('finished\n'));
  logger.end();
}
if (mode === 'exit') process.exit(7);
if (mode === 'throw')
  setTimeout(() => {
    throw new Error('uncaught in the application');
  }, 10);
if (mode === 'sigterm') {
  process.stdout.write('ready\n');
  setInterval(() => {}, 1000);
}
