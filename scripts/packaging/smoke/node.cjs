'use strict';
// @logflux/node: createLogFlux (pinned, no spool, sealing on its worker thread) delivers to the
// packed reference ingestor; close() reports the entry acknowledged and it decrypts locally. The
// record worker (dist/recordWorker.js or .cjs beside the entry point) does the same from its thread.
module.exports = async (load, h) => {
  const { createLogFlux, startRecordWorker } = await load('@logflux/node');
  await h.withIngestorProcess(async ({ ingestor, tenant }) => {
    const message = `from the packed @logflux/node (${h.mode})`;
    const options = { apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false };
    const client = createLogFlux(options);
    client.info(message, { mode: h.mode });
    const result = await client.close();
    h.equal(result.acknowledged, 1, 'entries acknowledged at close()');

    const worker = startRecordWorker({ logflux: options });
    await worker.ready();
    worker.send({ level: 7, message: `${message} through the record worker`, attributes: { mode: h.mode } });
    h.equal((await worker.end()).acknowledged, 1, 'record acknowledged at the record worker end()');

    const messages = (await h.readBack(load, ingestor.url, tenant.readToken)).map((e) => e.message);
    for (const m of [message, `${message} through the record worker`]) h.assert(messages.includes(m), `${m}: delivered and decrypted`);
  });
};
