// `workerChild.ts <mode> <url> <apiKey> <spoolDir> <count> <bundled transport>`: pino logging through
// pinoTransport() (the LogFlux worker in pino's thread; no waiting for it to start), then an end:
//   normal — return from main; end — transport.end(), printing "finished" on its 'finish';
//   exit — process.exit(7); sigterm — wait for SIGTERM (handleSignals); throw — an uncaught exception.
import { readFileSync } from 'node:fs';
import { pinoTransport } from '@logflux/pino-transport';
import pino from 'pino';

const [mode, url, apiKey, spoolDir, countText, target] = process.argv.slice(2) as [string, string, string, string, string, string];
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
const transport = pinoTransport({
  target,
  apiKey,
  endpoint: url,
  publicKey,
  spool: { dir: spoolDir },
  handleSignals: mode === 'sigterm',
  flushIntervalMs: 60_000,
});
const logger = pino({ level: 'trace' }, transport);
for (let i = 0; i < Number(countText); i++) logger.info({ id: `${mode}-${i}` }, `${mode} ${i}`);
if (mode === 'end') {
  // thread-stream's end() blocks until the worker has delivered and closed; 'finish' follows it.
  transport.once('finish', () => process.stdout.write('finished\n'));
  transport.end();
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
