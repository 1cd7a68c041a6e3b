// `workerChild.ts <mode> <url> <apiKey> <spoolDir> <count> <bundled transport>`: pino logging through
// pinoTransport() (the LogFlux worker in pino's thread; no waiting for it to start), then an end as
// its mode says (node's test/helpers/exitModes.ts; `end`: transport.end(), "finished" on its
// 'finish'; `sigterm` with handleSignals).
import { pinoTransport } from '@logflux/pino-transport';
import pino from 'pino';
import { endAs, exitChildArgs, finished, TEST_PUBLIC_KEY } from '../../../node/test/helpers/exitModes.js';

const { mode, url, apiKey, spoolDir, count, extra: target } = exitChildArgs();
const transport = pinoTransport({
  target,
  apiKey,
  endpoint: url,
  publicKey: TEST_PUBLIC_KEY,
  spool: { dir: spoolDir },
  handleSignals: mode === 'sigterm',
  flushIntervalMs: 60_000,
});
const logger = pino({ level: 'trace' }, transport);
for (let i = 0; i < count; i++) logger.info({ id: `${mode}-${i}` }, `${mode} ${i}`);
await endAs(mode, () => {
  // thread-stream's end() blocks until the worker has delivered and closed; 'finish' follows it.
  transport.once('finish', finished);
  transport.end();
});
