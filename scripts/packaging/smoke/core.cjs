'use strict';
// @logflux/core: an API key, RSA-OAEP session-key wrapping, and a seal/open round trip for both
// payload types with the portable providers (noble AES-GCM, fflate gzip, zstd in WebAssembly).
module.exports = async (load, h) => {
  const core = await load('@logflux/core');
  const apiKey = core.parseApiKey(`eu-lf_${'A1b2'.repeat(8)}`);
  h.equal(apiKey.region, 'eu', 'API key region');
  h.assert(!JSON.stringify(apiKey).includes('A1b2'), 'the API key is redacted in JSON');

  const publicKey = await core.parseCustomerPublicKey(h.publicKeyPem());
  const privateKey = await core.importPrivateKeyPem(h.privateKeyPem());
  const sessionKey = globalThis.crypto.getRandomValues(new Uint8Array(32));
  const unwrapped = await core.unwrapSessionKey(privateKey, await core.wrapSessionKey(publicKey, sessionKey));
  h.equal(Buffer.from(unwrapped).toString('hex'), Buffer.from(sessionKey).toString('hex'), 'RSA-OAEP unwrap of a wrapped session key');

  const providers = core.portableProviders();
  for (const payloadType of [1, 2]) {
    const entry = { v: '2.0', type: 'log', message: `sealed with payload type ${payloadType}` };
    const envelope = await core.sealEntry(providers, entry, { key: sessionKey, keyId: 'k-1', payloadType });
    const json = core.envelopeToJson(envelope);
    h.assert(!json.includes('sealed with'), 'no plaintext in the envelope');
    const opened = await core.openEnvelope(json, { providers, key: unwrapped });
    h.equal(opened.entry.message, entry.message, `payload type ${payloadType} round trip`);
  }
};
