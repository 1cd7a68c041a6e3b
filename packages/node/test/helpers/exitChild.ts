// `exitChild.ts <mode> <url> <apiKey> <spoolDir> <count> [before-handshake]`: a process that logs
// through createLogFlux with its default options (signals handled, delivery at exit), then ends as
// its mode says (exitModes.ts; `end`: await client.close()). With "before-handshake" it does not
// wait for ready() first.
import { createLogFlux } from '@logflux/node';
import { endAs, exitChildArgs, finished, TEST_PUBLIC_KEY } from './exitModes.js';

const { mode, url, apiKey, spoolDir, count, extra } = exitChildArgs();
// A generous exit budget for loaded test machines (the default is 5 s).
const client = createLogFlux({
  apiKey,
  endpoint: url,
  publicKey: TEST_PUBLIC_KEY,
  spool: { dir: spoolDir },
  flushIntervalMs: 60_000,
  exitTimeoutMs: 20_000,
});
// After the handshake, everything below is still queued (the interval is a minute) when the process ends.
if (extra !== 'before-handshake') await client.ready();
for (let i = 0; i < count; i++) client.info(`${mode} ${i}`, { id: `${mode}-${i}` });
await endAs(mode, async () => {
  await client.close();
  finished();
});
