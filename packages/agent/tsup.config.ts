import { nodePackageConfig } from '../../tsup.shared.js';

export default nodePackageConfig();
