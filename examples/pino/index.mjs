// pino with the LogFlux transport: pino's worker thread seals and delivers; this thread only
// writes JSON lines. Unset options come from LOGFLUX_* variables (see README.md).
import pino from 'pino';

const logger = pino({ level: 'debug' }, pino.transport({ target: '@logflux/pino-transport', options: { source: 'example-pino' } }));

const child = logger.child({ request: 'req-7' });
child.info({ user: 17 }, 'signed in');
child.warn('password expires in 3 days');
logger.debug({ query: 'SELECT 1', ms: 0.4 }, 'db query');
logger.error(new Error('upstream 503'), 'fetching rates failed');

// pino ends the transport at exit and waits for the worker, which delivers before closing.
console.log('pino example: logged 4 entries');
