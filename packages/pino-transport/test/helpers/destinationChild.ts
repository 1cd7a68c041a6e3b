// `destinationChild.ts <mode> <url> <apiKey> <spoolDir> <count>`: pino logging in-process through
// logfluxDestination() with its default options, after its handshake, then an end as its mode says
// (node's test/helpers/exitModes.ts; `end`: destination.end(), "finished" on its 'finish').
import { logfluxDestination } from '@logflux/pino-transport';
import pino from 'pino';
import { endAs, exitChildArgs, finished, TEST_PUBLIC_KEY } from '../../../node/test/helpers/exitModes.js';

const { mode, url, apiKey, spoolDir, count } = exitChildArgs();
// A generous exit budget for loaded test machines (the default is 5 s).
const destination = logfluxDestination({
  apiKey,
  endpoint: url,
  publicKey: TEST_PUBLIC_KEY,
  spool: { dir: spoolDir },
  flushIntervalMs: 60_000,
  exitTimeoutMs: 20_000,
});
const logger = pino({ level: 'trace' }, destination);
await destination.client.ready();
for (let i = 0; i < count; i++) logger.info({ id: `${mode}-${i}` }, `${mode} ${i}`);
await endAs(mode, () => {
  destination.on('finish', finished);
  destination.end();
});
