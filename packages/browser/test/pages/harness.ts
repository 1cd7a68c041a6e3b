/**
 * The test page's script: the SDK built from source, plus the vector runner, on `window`.
 * It also records every keepalive fetch the page starts and whether the browser refused it.
 */
import { runVectorFile } from '@logflux/core/conformance';
import * as LogFlux from '../../src/index.js';

const keepalive = { started: 0, refused: 0, bytes: [] as number[] };
const nativeFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  if (!init?.keepalive) return nativeFetch(input, init);
  keepalive.started++;
  keepalive.bytes.push(typeof init.body === 'string' ? init.body.length : 0);
  return nativeFetch(input, init).catch((error: unknown) => {
    keepalive.refused++;
    throw error;
  });
};

// `w()` is how test code passed into the page reaches these (see chromium.test.ts).
Object.assign(window, { LogFlux, runVectorFile, keepaliveLog: keepalive, w: () => window });
