import { fileURLToPath } from 'node:url';
import { BAD_CONFIGS, badConfigMatrix } from '../../node/test/helpers/badConfigMatrix.js';

badConfigMatrix(
  'logfluxDestination() (in-process)',
  fileURLToPath(new URL('./helpers/destinationBadConfigChild.ts', import.meta.url)),
  BAD_CONFIGS,
  () => '',
);
