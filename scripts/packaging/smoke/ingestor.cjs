'use strict';
// @logflux/ingestor: starts on an ephemeral port, creates a tenant, answers the read API, stops.
module.exports = async (load, h) => {
  await h.withIngestor(load, async ({ ingestor, tenant }) => {
    h.assert(ingestor.port > 0, 'listening on an ephemeral port');
    const res = await fetch(`${ingestor.url}/v1/entries?limit=10&after=0`, { headers: { Authorization: `Bearer ${tenant.readToken}` } });
    h.equal(res.status, 200, 'read API status');
    h.equal((await res.json()).data.entries.length, 0, 'entries stored');
  });
};
