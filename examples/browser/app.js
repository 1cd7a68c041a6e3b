// The example page's script. `LogFlux` is the global of the script-tag build (logflux.global.js);
// with a bundler, `import { createLogFlux } from '@logflux/browser'` instead.
const status = document.getElementById('status');
const statsView = document.getElementById('stats');

fetch('/config.json')
  .then((res) => res.json())
  .then((config) => {
    const logflux = LogFlux.createLogFlux({
      apiKey: config.apiKey,
      endpoint: config.endpoint,
      publicKey: config.publicKey, // the pin: the page refuses any other key the server presents
      payloadType: config.payloadType,
      source: 'browser-example',
      captureGlobalErrors: true,
      onError: (error) => {
        status.textContent = `error: ${error.errorClass}: ${error.message}`;
      },
    });
    window.logflux = logflux;
    logflux.info('example page loaded', { path: location.pathname });

    let clicks = 0;
    document.getElementById('log').addEventListener('click', () => {
      clicks += 1;
      logflux.info('button clicked', { clicks: String(clicks) });
    });
    document.getElementById('error').addEventListener('click', () => {
      setTimeout(() => {
        throw new TypeError('example failure from the error button');
      });
    });
    document.getElementById('flush').addEventListener('click', async () => {
      const result = await logflux.flush({ timeoutMs: 10000 });
      status.textContent = `flushed: ${result.acknowledged} acknowledged`;
    });
    setInterval(() => {
      statsView.textContent = JSON.stringify(logflux.stats(), null, 2);
    }, 500);

    logflux.ready().then(
      () => {
        status.textContent = `ready: session key sealed to ${logflux.stats().handshake.fingerprint}`;
      },
      (error) => {
        status.textContent = `handshake failed: ${error.message}`;
      },
    );
  });
