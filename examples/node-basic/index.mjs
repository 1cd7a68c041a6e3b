// A plain Node program that logs through LogFlux. Configuration comes from LOGFLUX_* variables
// (see README.md); every entry is sealed here before it leaves the process.
import { initFromEnv } from '@logflux/node';

const logflux = initFromEnv({ source: 'example-node-basic' });

logflux.info('worker started', { pid: process.pid });
logflux.warning('disk 80% full', { mount: '/var' });
logflux.metric({ name: 'jobs.processed', value: 42, unit: 'count' });
logflux.event('invoice sent', { invoice: 'INV-1001' });
logflux.audit({ action: 'user.role.change', actor: 'admin@example.com', resource: 'user', resourceId: '17', outcome: 'success' });
try {
  JSON.parse('{not json');
} catch (error) {
  logflux.captureError(error, { attributes: { job: 'import' } });
}

// close() resolves once every entry is acknowledged by the ingestor (or definitively failed).
const result = await logflux.close();
const lost = Object.values(result.dropped).reduce((a, b) => a + b, 0) + result.pending;
console.log(`node-basic: ${result.acknowledged} acknowledged, ${result.spooled} spooled, ${lost} dropped or pending`);
process.exitCode = lost === 0 ? 0 : 1;
