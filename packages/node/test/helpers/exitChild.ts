// A process that logs and then ends in one of three ways: `exitChild.ts <mode> <url> <apiKey> <spoolDir> <count>`.
//   normal  — returns from main; beforeExit delivers
//   exit    — process.exit(0) right after logging; the exit hook seals the queue into the spool
//   sigterm — waits to be killed with SIGTERM; the signal handler delivers, then the signal proceeds
import { readFileSync } from 'node:fs';
import { createLogFlux } from '@logflux/node';

const [mode, url, apiKey, spoolDir, countText] = process.argv.slice(2) as [string, string, string, string, string];
const count = Number(countText);
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
const client = createLogFlux({
  apiKey,
  endpoint: url,
  publicKey,
  spool: { dir: spoolDir },
  handleSignals: mode === 'sigterm',
  flushIntervalMs: 60_000,
});
await client.ready(); // the handshake is done; everything below is still queued when the process ends
for (let i = 0; i < count; i++) client.info(`${mode} ${i}`, { id: `${mode}-${i}` });
if (mode === 'exit') process.exit(0);
if (mode === 'sigterm') {
  process.stdout.write('ready\n');
  setInterval(() => {}, 1000);
}
