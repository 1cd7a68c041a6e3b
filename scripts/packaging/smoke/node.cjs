'use strict';
// @logflux/node: createLogFlux (pinned, no spool, sealing on its worker thread) delivers to the
// packed reference ingestor; close() reports the entry acknowledged and it decrypts locally.
module.exports = async (load, h) => {
  const { createLogFlux } = await load('@logflux/node');
  await h.withIngestorProcess(async ({ ingestor, tenant }) => {
    const message = `from the packed @logflux/node (${h.mode})`;
    const client = createLogFlux({ apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false });
    client.info(message, { mode: h.mode });
    const result = await client.close();
    h.equal(result.acknowledged, 1, 'entries acknowledged at close()');
    const entries = await h.readBack(load, ingestor.url, tenant.readToken);
    h.assert(
      entries.some((e) => e.message === message),
      'the delivered entry decrypts',
    );
  });
};
