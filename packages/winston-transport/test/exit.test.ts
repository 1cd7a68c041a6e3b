import { fileURLToPath } from 'node:url';
import { exitMatrix } from '../../node/test/helpers/exitMatrix.js';

// The in-process transport with its default options: signals handled, delivery at exit.
exitMatrix(
  'LogFluxTransport (in-process)',
  fileURLToPath(new URL('./helpers/child.ts', import.meta.url)),
  () => '',
  "logger.end() ('finish')",
);
