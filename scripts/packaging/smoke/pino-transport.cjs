'use strict';
// @logflux/pino-transport: as a pino transport (pino's worker thread loads the package by name)
// and as the in-process logfluxDestination; both deliver and decrypt locally.
module.exports = async (load, h) => {
  const pinoModule = await load('pino');
  const pino = typeof pinoModule === 'function' ? pinoModule : pinoModule.default;
  const { logfluxDestination } = await load('@logflux/pino-transport');
  await h.withIngestorProcess(async ({ ingestor, tenant }) => {
    const options = { apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false };

    const destination = logfluxDestination(options);
    pino(destination).info(`logfluxDestination (${h.mode})`);
    const ended = h.once(destination, 'finish');
    destination.end();
    await ended;

    const transport = pino.transport({ target: '@logflux/pino-transport', options });
    pino(transport).info(`pino.transport (${h.mode})`);
    const closed = h.once(transport, 'close');
    transport.end();
    await closed;

    const messages = (await h.readBack(load, ingestor.url, tenant.readToken)).map((e) => e.message);
    for (const name of ['logfluxDestination', 'pino.transport']) h.assert(messages.includes(`${name} (${h.mode})`), `${name} delivered`);
  });
};
