// `badConfigChild.ts <logflux options as JSON> [workerScript]`: an application whose
// LogFluxWorkerTransport is misconfigured. It logs, awaits flush() (at most 2 s), prints "alive"
// and the flush result, and ends on its own: the transport must neither crash it nor keep it alive.
import { LogFluxWorkerTransport } from '@logflux/winston-transport';
import winston from 'winston';

const [optionsJson, workerScript] = process.argv.slice(2) as [string, string | undefined];
const transport = new LogFluxWorkerTransport({
  logflux: JSON.parse(optionsJson),
  ...(workerScript ? { workerScript } : {}),
  exitTimeoutMs: 2000,
});
const logger = winston.createLogger({ transports: [transport] });
for (let i = 0; i < 5; i++) logger.info(`entry ${i}`, { i });
logger.error(new Error('an error, too'));
const result = await transport.flush({ timeoutMs: 2000 });
process.stdout.write(`alive ${JSON.stringify(result)}\n`);
