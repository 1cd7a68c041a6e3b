'use strict';
// @logflux/pino-transport: as a pino transport (pino's worker thread loads the package by name, or
// pinoTransport() gives it this package's own entry file) and as the in-process
// logfluxDestination; all deliver and decrypt locally.
module.exports = async (load, h) => {
  const pinoModule = await load('pino');
  const pino = typeof pinoModule === 'function' ? pinoModule : pinoModule.default;
  const { logfluxDestination, pinoTransport } = await load('@logflux/pino-transport');
  await h.withIngestorProcess(async ({ ingestor, tenant }) => {
    const options = { apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false };

    const destination = logfluxDestination(options);
    pino(destination).info(`logfluxDestination (${h.mode})`);
    const ended = h.once(destination, 'finish');
    destination.end();
    await ended;

    for (const [name, transport] of [
      ['pino.transport', pino.transport({ target: '@logflux/pino-transport', options })],
      ['pinoTransport', pinoTransport(options)],
    ]) {
      pino(transport).info(`${name} (${h.mode})`);
      const closed = h.once(transport, 'close');
      transport.end();
      await closed;
    }

    const messages = (await h.readBack(load, ingestor.url, tenant.readToken)).map((e) => e.message);
    for (const name of ['logfluxDestination', 'pino.transport', 'pinoTransport'])
      h.assert(messages.includes(`${name} (${h.mode})`), `${name} delivered`);
  });
};
