import { fileURLToPath } from 'node:url';
import { BAD_CONFIGS, badConfigMatrix } from '../../node/test/helpers/badConfigMatrix.js';

badConfigMatrix(
  'LogFluxTransport (in-process)',
  fileURLToPath(new URL('./helpers/inProcessBadConfigChild.ts', import.meta.url)),
  BAD_CONFIGS,
  () => '',
);
