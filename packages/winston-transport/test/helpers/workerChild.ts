// `workerChild.ts <mode> <url> <apiKey> <spoolDir> <count> <workerScript>`: winston logging through
// LogFluxWorkerTransport (no ready(): the worker may not even have started), then an end:
//   normal — return from main; end — logger.end(), printing "finished" on the transport's 'finish';
//   exit — process.exit(7); sigterm — wait for SIGTERM (handleSignals); throw — an uncaught exception.
import { readFileSync } from 'node:fs';
import { LogFluxWorkerTransport } from '@logflux/winston-transport';
import winston from 'winston';

const [mode, url, apiKey, spoolDir, countText, workerScript] = process.argv.slice(2) as [string, string, string, string, string, string];
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
const transport = new LogFluxWorkerTransport({
  workerScript,
  // Generous for loaded test machines; the default is 5 s.
  exitTimeoutMs: 20_000,
  logflux: { apiKey, endpoint: url, publicKey, spool: { dir: spoolDir }, handleSignals: mode === 'sigterm', flushIntervalMs: 60_000 },
});
const logger = winston.createLogger({ level: 'debug', transports: [transport] });
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
