// The bundled page's script: @logflux/browser from npm, bundled by Vite or esbuild.
import { createLogFlux } from '@logflux/browser';
import { startExample } from '../page.js';

startExample(createLogFlux);
