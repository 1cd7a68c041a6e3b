'use strict';
// @logflux/otel: the exporter under the real @opentelemetry/sdk-logs (installed as its peer)
// delivers one record; the batch processor's forceFlush() waits for it; it decrypts locally.
module.exports = async (load, h) => {
  const { createLogFlux } = await load('@logflux/node');
  const { LogFluxLogExporter } = await load('@logflux/otel');
  const { BatchLogRecordProcessor, LoggerProvider } = await load('@opentelemetry/sdk-logs');
  await h.withIngestor(load, async ({ ingestor, tenant }) => {
    const client = createLogFlux({ apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false });
    const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new LogFluxLogExporter({ client }) })] });
    provider.getLogger('smoke').emit({ severityNumber: 13, body: `otel (${h.mode})` });
    await provider.forceFlush();
    await provider.shutdown();
    await client.close();
    const entries = await h.readBack(load, ingestor.url, tenant.readToken);
    const entry = entries.find((e) => e.message === `otel (${h.mode})`);
    h.assert(entry, 'the exported record decrypts');
    h.equal(entry.level, 5, 'WARN becomes warning');
  });
};
