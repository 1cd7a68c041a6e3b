import { fileURLToPath } from 'node:url';
import { BAD_CONFIGS, badConfigMatrix } from './helpers/badConfigMatrix.js';

// createLogFlux with each kind of bad configuration and its default options (not strict): the
// application keeps running, is told the cause on standard error, and nothing is sent.
badConfigMatrix('createLogFlux', fileURLToPath(new URL('./helpers/badConfigChild.ts', import.meta.url)), BAD_CONFIGS, () => '');
