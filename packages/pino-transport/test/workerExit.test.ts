import { fileURLToPath } from 'node:url';
import { exitMatrix } from '../../node/test/helpers/exitMatrix.js';
import { buildTarget } from './helpers/pinoFixture.js';

// pinoTransport() in each child, with the transport bundled as an application would ship it.
exitMatrix(
  'pino transport (worker thread)',
  fileURLToPath(new URL('./helpers/workerChild.ts', import.meta.url)),
  buildTarget,
  'transport.end()',
);
