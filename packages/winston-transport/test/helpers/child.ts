// `child.ts <mode> <url> <apiKey> <spoolDir> <count>`: winston logging through the in-process
// LogFluxTransport with its default options, after its handshake, then an end as its mode says
// (node's test/helpers/exitModes.ts; `end`: logger.end(), "finished" on the transport's 'finish').
import { LogFluxTransport } from '@logflux/winston-transport';
import winston from 'winston';
import { endAs, exitChildArgs, finished, TEST_PUBLIC_KEY } from '../../../node/test/helpers/exitModes.js';

const { mode, url, apiKey, spoolDir, count } = exitChildArgs();
const transport = new LogFluxTransport({
  logflux: { apiKey, endpoint: url, publicKey: TEST_PUBLIC_KEY, spool: { dir: spoolDir }, flushIntervalMs: 60_000, exitTimeoutMs: 20_000 },
});
const logger = winston.createLogger({ level: 'debug', transports: [transport] });
await transport.ready();
for (let i = 0; i < count; i++) logger.info(`${mode} ${i}`, { id: `${mode}-${i}` });
await endAs(mode, () => {
  transport.on('finish', finished);
  logger.end();
});
