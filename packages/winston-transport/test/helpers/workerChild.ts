// `workerChild.ts <mode> <url> <apiKey> <spoolDir> <count> <workerScript>`: winston logging through
// LogFluxWorkerTransport (no ready(): the worker may not even have started), then an end as its
// mode says (node's test/helpers/exitModes.ts; `end`: logger.end(), "finished" on the transport's
// 'finish'; `sigterm` with handleSignals).
import { LogFluxWorkerTransport } from '@logflux/winston-transport';
import winston from 'winston';
import { endAs, exitChildArgs, finished, TEST_PUBLIC_KEY } from '../../../node/test/helpers/exitModes.js';

const { mode, url, apiKey, spoolDir, count, extra: workerScript } = exitChildArgs();
const transport = new LogFluxWorkerTransport({
  workerScript: workerScript as string,
  // Generous for loaded test machines; the default is 5 s.
  exitTimeoutMs: 20_000,
  logflux: {
    apiKey,
    endpoint: url,
    publicKey: TEST_PUBLIC_KEY,
    spool: { dir: spoolDir },
    handleSignals: mode === 'sigterm',
    flushIntervalMs: 60_000,
  },
});
const logger = winston.createLogger({ level: 'debug', transports: [transport] });
for (let i = 0; i < count; i++) logger.info(`${mode} ${i}`, { id: `${mode}-${i}` });
await endAs(mode, () => {
  transport.on('finish', finished);
  logger.end();
});
