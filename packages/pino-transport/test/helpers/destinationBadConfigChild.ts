// `destinationBadConfigChild.ts <options as JSON>`: an application whose in-process
// logfluxDestination() is misconfigured. It logs, waits for a flush (at most 2 s), prints "alive"
// and ends on its own: the destination must neither throw, crash it nor keep it alive.
import { logfluxDestination } from '@logflux/pino-transport';
import pino from 'pino';

const destination = logfluxDestination(JSON.parse(process.argv[2] as string));
const logger = pino(destination);
for (let i = 0; i < 5; i++) logger.info({ i }, `entry ${i}`);
logger.error(new Error('an error, too'), 'failed');
await Promise.race([destination.client.flush(), new Promise((resolve) => setTimeout(resolve, 2000))]);
process.stdout.write('alive\n');
