import { fileURLToPath } from 'node:url';
import { BAD_CONFIGS, badConfigMatrix } from '../../node/test/helpers/badConfigMatrix.js';
import { bundleRecordWorker } from '../../node/test/helpers/recordWorkerBundle.js';

badConfigMatrix(
  'LogFluxWorkerTransport',
  fileURLToPath(new URL('./helpers/badConfigChild.ts', import.meta.url)),
  {
    ...BAD_CONFIGS,
    'a missing worker script': {
      options: (env) => ({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url }),
      missingScript: true,
      cause: /the worker thread stopped \(Error: Cannot find module/,
    },
  },
  (missing) => (missing ? '/nonexistent/recordWorker.js' : bundleRecordWorker()),
);
