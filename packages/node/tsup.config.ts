import { nodePackageConfig } from '../../tsup.shared.js';

// The sealing thread's script ships beside the entry point (see src/sealPool.ts).
export default nodePackageConfig({ index: 'src/index.ts', sealWorker: 'src/sealWorker.ts' });
