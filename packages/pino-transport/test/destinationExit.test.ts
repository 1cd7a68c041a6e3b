import { fileURLToPath } from 'node:url';
import { exitMatrix } from '../../node/test/helpers/exitMatrix.js';

// The in-process destination with its default options: signals handled, delivery at exit.
exitMatrix(
  'logfluxDestination() (in-process)',
  fileURLToPath(new URL('./helpers/destinationChild.ts', import.meta.url)),
  () => '',
  "destination.end() ('finish')",
);
