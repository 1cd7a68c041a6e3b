import { createLogFlux } from '../dist/index.js'; const c = createLogFlux({ apiKey: 'eu-lf_x', endpoint: 'https://x', publicKey: 'SHA256:' + '0'.repeat(64) }); c.info('hi');
