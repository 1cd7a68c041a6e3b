// `inProcessBadConfigChild.ts <logflux options as JSON>`: an application whose in-process
// LogFluxTransport is misconfigured. It logs, awaits flush() (at most 2 s), prints "alive" and ends
// on its own: the transport must neither throw, crash it nor keep it alive.
import { LogFluxTransport } from '@logflux/winston-transport';
import winston from 'winston';

const transport = new LogFluxTransport({ logflux: JSON.parse(process.argv[2] as string) });
const logger = winston.createLogger({ transports: [transport] });
for (let i = 0; i < 5; i++) logger.info(`entry ${i}`, { i });
logger.error(new Error('an error, too'));
await Promise.race([transport.flush(), new Promise((resolve) => setTimeout(resolve, 2000))]);
process.stdout.write('alive\n');
