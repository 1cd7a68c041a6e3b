import { nodePackageConfig } from '../../tsup.shared.js';

// One entry point per framework: an application loads only the one it uses.
export default nodePackageConfig({ express: 'src/express.ts', fastify: 'src/fastify.ts', hono: 'src/hono.ts', koa: 'src/koa.ts' });
