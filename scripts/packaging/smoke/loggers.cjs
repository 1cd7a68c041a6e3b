'use strict';
// @logflux/loggers: the bunyan stream, the log4js appender, the consola reporter and the loglevel
// plugin each deliver one entry through the packed packages, decrypted locally.
module.exports = async (load, h) => {
  const { createLogFlux } = await load('@logflux/node');
  const { logfluxStream } = await load('@logflux/loggers/bunyan');
  const { logfluxAppender } = await load('@logflux/loggers/log4js');
  const { logfluxReporter } = await load('@logflux/loggers/consola');
  const { logfluxPlugin } = await load('@logflux/loggers/loglevel');
  const def = (m) => m?.default ?? m;
  const bunyan = def(await load('bunyan'));
  const log4js = def(await load('log4js'));
  const { createConsola } = await load('consola');
  const loglevel = def(await load('loglevel'));
  await h.withIngestor(load, async ({ ingestor, tenant }) => {
    const client = createLogFlux({ apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false });
    bunyan.createLogger({ name: 'smoke', streams: [logfluxStream({ client })] }).info(`bunyan (${h.mode})`);
    log4js.configure({
      appenders: { logflux: { type: logfluxAppender({ client }) } },
      categories: { default: { appenders: ['logflux'], level: 'info' } },
    });
    log4js.getLogger('smoke').info(`log4js (${h.mode})`);
    createConsola({ reporters: [logfluxReporter({ client })] }).info(`consola (${h.mode})`);
    const log = loglevel.getLogger(`smoke-${h.mode}`);
    log.setLevel('info');
    logfluxPlugin(log, { client, console: false });
    log.info(`loglevel (${h.mode})`);
    const result = await client.close();
    h.equal(result.acknowledged, 4, 'entries acknowledged');
    const messages = (await h.readBack(load, ingestor.url, tenant.readToken)).map((e) => e.message);
    for (const name of ['bunyan', 'log4js', 'consola', 'loglevel']) h.assert(messages.includes(`${name} (${h.mode})`), `${name} delivered`);
  });
};
