import { fileURLToPath } from 'node:url';
import { BAD_CONFIGS, badConfigMatrix } from '../../node/test/helpers/badConfigMatrix.js';
import { buildTarget } from './helpers/pinoFixture.js';

const CHILD = fileURLToPath(new URL('./helpers/badConfigChild.ts', import.meta.url));
const target = (missing: boolean) => (missing ? '/nonexistent/pino-transport.mjs' : buildTarget());

// Started with pino.transport() itself: the worker entry never fails, whatever its options.
badConfigMatrix('pino.transport({ target: @logflux/pino-transport })', CHILD, BAD_CONFIGS, target, ['raw']);

// A target pino cannot load makes pino's stream emit 'error', which pinoTransport() reports.
badConfigMatrix(
  'pinoTransport()',
  CHILD,
  {
    'a missing worker script': {
      options: (env) => ({ apiKey: env.tenant.apiKey, endpoint: env.ingestor.url }),
      missingScript: true,
      cause: /the pino transport's worker failed/,
    },
  },
  target,
  ['helper'],
);
