import { nodePackageConfig } from '../../tsup.shared.js';

// The sealing thread's and the record worker's scripts ship beside the entry point (see
// src/sealPool.ts and src/recordWorkerScript.ts).
export default nodePackageConfig({ index: 'src/index.ts', sealWorker: 'src/sealWorker.ts', recordWorker: 'src/recordWorker.ts' });
