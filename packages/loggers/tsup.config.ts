import { nodePackageConfig } from '../../tsup.shared.js';

// One entry point per logger library: an application loads only the one it uses.
export default nodePackageConfig({
  bunyan: 'src/bunyan.ts',
  log4js: 'src/log4js.ts',
  consola: 'src/consola.ts',
  loglevel: 'src/loglevel.ts',
});
