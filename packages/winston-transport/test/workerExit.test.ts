import { fileURLToPath } from 'node:url';
import { exitMatrix } from '../../node/test/helpers/exitMatrix.js';
import { bundleRecordWorker } from '../../node/test/helpers/recordWorkerBundle.js';

// The children's worker thread runs a bundled script, as an application's would (from source, tsx
// would compile @logflux/node and core anew in every thread, which is slow on a loaded machine).
exitMatrix(
  'LogFluxWorkerTransport',
  fileURLToPath(new URL('./helpers/workerChild.ts', import.meta.url)),
  bundleRecordWorker,
  "logger.end() ('finish')",
);
