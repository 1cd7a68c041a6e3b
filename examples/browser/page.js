// The example page's logic, shared by the script-tag page (app.js, global LogFlux) and the bundled
// one (esm/main.js, `import { createLogFlux } from '@logflux/browser'`). Settings come from
// /config.json, which serve.mjs writes from the credentials of `logflux serve`.
export async function startExample(createLogFlux) {
  const status = document.getElementById('status');
  const config = await (await fetch('/config.json')).json();
  const logflux = createLogFlux({
    apiKey: config.apiKey,
    endpoint: config.endpoint,
    publicKey: config.publicKey, // the pin: the page refuses any other key the server presents
    payloadType: config.payloadType,
    source: 'browser-example',
    ...config.options, // the capture options serve.mjs was started with, and a flush interval
    onError: (error) => {
      status.textContent = `error: ${error.errorClass}: ${error.message}`;
    },
  });
  window.logflux = logflux;
  logflux.info('example page loaded', { path: location.pathname });

  let clicks = 0;
  document.getElementById('log')?.addEventListener('click', () => {
    clicks += 1;
    logflux.info('button clicked', { clicks: String(clicks) });
  });
  document.getElementById('error')?.addEventListener('click', () => {
    setTimeout(() => {
      throw new TypeError('example failure from the error button');
    });
  });
  document.getElementById('flush').addEventListener('click', async () => {
    const result = await logflux.flush({ timeoutMs: 10000 });
    status.textContent = `flushed: ${result.acknowledged} acknowledged`;
  });
  logflux.ready().then(
    () => {
      status.textContent = `ready: session key sealed to ${logflux.stats().handshake.fingerprint}`;
    },
    (error) => {
      status.textContent = `handshake failed: ${error.message}`;
    },
  );
  return logflux;
}
