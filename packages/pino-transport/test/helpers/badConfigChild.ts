// `badConfigChild.ts <transport options as JSON> <target> <raw|helper>`: an application whose pino
// transport is misconfigured, started with pino.transport() itself (raw) or with pinoTransport()
// (helper). It logs, prints "alive" a little later and ends on its own: the transport must not
// crash it nor keep it from ending.
import { pinoTransport } from '@logflux/pino-transport';
import pino from 'pino';

const [optionsJson, target, how] = process.argv.slice(2) as [string, string, string];
const options = JSON.parse(optionsJson);
const transport = how === 'raw' ? pino.transport({ target, options }) : pinoTransport({ ...options, target });
const logger = pino(transport);
for (let i = 0; i < 5; i++) logger.info({ i }, `entry ${i}`);
logger.error(new Error('an error, too'), 'failed');
setTimeout(() => process.stdout.write('alive\n'), 500);
