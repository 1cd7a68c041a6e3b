// winston with the LogFlux worker transport: winston's thread builds one record per entry;
// sealing and delivery happen in a worker. Options left out here come from the LOGFLUX_* variables
// (README.md).
import { LogFluxWorkerTransport } from '@logflux/winston-transport';
import winston from 'winston';

const transport = new LogFluxWorkerTransport({ logflux: { source: 'example-winston' } });
const logger = winston.createLogger({
  level: 'debug',
  format: winston.format.errors({ stack: true }),
  defaultMeta: { service: 'billing' },
  transports: [transport, new winston.transports.Console({ format: winston.format.simple() })],
});

logger.info('invoice created', { invoice: 'INV-2001', amount: 129.5 });
logger.warn('retrying payment', { attempt: 2 });
logger.debug('cache miss', { key: 'customer:17' });
logger.error(new Error('card declined'));

// Ending the logger ends the worker, which delivers everything before it closes; 'finish' fires
// after delivery. (A process that simply ends, or calls process.exit(), is drained at exit too.)
logger.end();
console.log('winston example: logged 4 entries');
