'use strict';
// @logflux/node: createLogFlux (pinned, no spool, sealing on its worker thread) delivers to the
// packed reference ingestor; close() reports the entry acknowledged and it decrypts locally. The
// entry is logged inside withScope and an active OpenTelemetry span (the optional peer
// @opentelemetry/api, installed here, with a minimal synchronous context manager), so the packed
// build finds the peer in both module systems and adds the scope and the trace ids. The record
// worker (dist/recordWorker.js or .cjs beside the entry point) does the same from its thread.
module.exports = async (load, h) => {
  const { createLogFlux, startRecordWorker, withScope } = await load('@logflux/node');
  const otel = await load('@opentelemetry/api');
  let active = otel.ROOT_CONTEXT;
  const manager = {
    active: () => active,
    with(ctx, fn, thisArg, ...args) {
      const previous = active;
      active = ctx;
      try {
        return fn.call(thisArg, ...args);
      } finally {
        active = previous;
      }
    },
    bind: (_ctx, target) => target,
    enable() {
      return this;
    },
    disable() {
      return this;
    },
  };
  otel.context.setGlobalContextManager(manager);
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const spanId = '00f067aa0ba902b7';
  const spanContext = otel.trace.setSpan(otel.ROOT_CONTEXT, otel.trace.wrapSpanContext({ traceId, spanId, traceFlags: 1 }));
  await h.withIngestorProcess(async ({ ingestor, tenant }) => {
    const message = `from the packed @logflux/node (${h.mode})`;
    const options = { apiKey: tenant.apiKey, endpoint: ingestor.url, publicKeyFile: h.publicKeyFile, spool: false };
    const client = createLogFlux(options);
    otel.context.with(spanContext, () => withScope({ request_id: 'r-smoke' }, () => client.info(message, { mode: h.mode })));
    const result = await client.close();
    h.equal(result.acknowledged, 1, 'entries acknowledged at close()');

    const worker = startRecordWorker({ logflux: options });
    await worker.ready();
    worker.send({ level: 7, message: `${message} through the record worker`, attributes: { mode: h.mode } });
    h.equal((await worker.end()).acknowledged, 1, 'record acknowledged at the record worker end()');

    const entries = await h.readBack(load, ingestor.url, tenant.readToken);
    const entry = entries.find((e) => e.message === message);
    h.assert(entry, 'the delivered entry decrypts');
    h.equal(entry.attributes.request_id, 'r-smoke', 'the scope attribute');
    h.equal(entry.attributes.trace_id, traceId, 'the active span’s trace_id');
    h.equal(entry.attributes.span_id, spanId, 'the active span’s span_id');
    h.assert(
      entries.some((e) => e.message === `${message} through the record worker`),
      'the record worker’s entry delivered and decrypted',
    );
  });
  otel.context.disable();
};
