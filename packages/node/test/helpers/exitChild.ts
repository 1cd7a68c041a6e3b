// `exitChild.ts <mode> <url> <apiKey> <spoolDir> <count> [before-handshake]`: a process that logs
// through createLogFlux with its default options (signals handled, delivery at exit), then ends:
//   normal — returns from main; end — await client.close(), printing "finished";
//   exit — process.exit(7) right after logging; sigterm — waits for SIGTERM; throw — an uncaught exception.
// With "before-handshake" it does not wait for ready() first.
import { readFileSync } from 'node:fs';
import { createLogFlux } from '@logflux/node';

const [mode, url, apiKey, spoolDir, countText, when] = process.argv.slice(2) as [string, string, string, string, string, string?];
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
// A generous exit budget for loaded test machines (the default is 5 s).
const client = createLogFlux({
  apiKey,
  endpoint: url,
  publicKey,
  spool: { dir: spoolDir },
  flushIntervalMs: 60_000,
  exitTimeoutMs: 20_000,
});
// After the handshake, everything below is still queued (the interval is a minute) when the process ends.
if (when !== 'before-handshake') await client.ready();
for (let i = 0; i < Number(countText); i++) client.info(`${mode} ${i}`, { id: `${mode}-${i}` });
if (mode === 'end') {
  await client.close();
  process.stdout.write('finished\n');
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
