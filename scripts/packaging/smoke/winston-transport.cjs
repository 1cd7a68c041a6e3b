'use strict';
// @logflux/winston-transport: both transports (in-process, and the worker one that runs the packed
// @logflux/node's record worker in a worker thread) deliver through winston and decrypt locally.
module.exports = async (load, h) => {
  const winstonModule = await load('winston');
  // winston's CommonJS exports have a `default` of their own (the default logger's settings).
  const winston = typeof winstonModule.createLogger === 'function' ? winstonModule : winstonModule.default;
  const { LogFluxTransport, LogFluxWorkerTransport } = await load('@logflux/winston-transport');
  await h.withIngestorProcess(async ({ ingestor, tenant }) => {
    const logflux = { apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false };
    for (const [name, transport] of [
      ['LogFluxTransport', new LogFluxTransport({ logflux })],
      ['LogFluxWorkerTransport', new LogFluxWorkerTransport({ logflux })],
    ]) {
      await transport.ready();
      const logger = winston.createLogger({ transports: [transport] });
      logger.info(`${name} (${h.mode})`);
      h.equal((await transport.flush()).acknowledged, 1, `${name}: flush() reports the entry acknowledged`);
      const finished = h.once(transport, 'finish');
      logger.end();
      await finished;
    }
    const messages = (await h.readBack(load, ingestor.url, tenant.readToken)).map((e) => e.message);
    for (const name of ['LogFluxTransport', 'LogFluxWorkerTransport'])
      h.assert(messages.includes(`${name} (${h.mode})`), `${name} delivered`);
  });
};
