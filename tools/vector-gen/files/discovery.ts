import { VectorFile } from '../vectorFile.js';

const KEY = 'lf_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp';

export function discoveryVectors(): VectorFile {
  const f = new VectorFile(
    'discovery_test.json',
    'LogFlux-Discovery',
    'logflux_discovery_test_schema_v2.json',
    [
      'Endpoint resolution and discovery responses (docs/protocol.md §3). v2: authenticatedDiscoveryUrls lists the authenticated discovery URLs in the order a client tries them (§3.3).',
    ],
    {
      Static: 'A prefixed key without override resolves to the static discovery URL.',
      Override: 'An explicit endpoint skips discovery and is normalised.',
      Loopback: 'Plain http is allowed only on loopback hosts.',
      Insecure: 'Plain http on a non-loopback host.',
      BadUrl: 'Not a usable URL.',
      NoRegion: 'Unprefixed key without an endpoint.',
      StaticResponse: 'Static discovery response body.',
      AuthResponse: 'Authenticated discovery response body.',
      Legacy: 'The legacy wrapped response form.',
    },
  );
  const r = f.group('DiscoveryResolutionTest');
  for (const region of ['eu', 'us', 'ca', 'au', 'ap']) {
    r({
      comment: `static discovery for ${region}`,
      flags: ['Static'],
      apiKey: `${region}-${KEY}`,
      result: 'valid',
      discoveryUrl: `https://discover.${region}.logflux.io`,
      authenticatedDiscoveryUrls: [
        'https://api.logflux.io/api/discovery',
        `https://${region}.api.logflux.io/api/discovery`,
        `https://api.${region}.logflux.io/v1/discovery`,
      ],
    });
  }
  r({ comment: 'unprefixed key without endpoint', flags: ['NoRegion'], apiKey: KEY, result: 'invalid', errorClass: 'no_region' });
  r({
    comment: 'bad key is reported before the endpoint',
    flags: ['BadUrl'],
    apiKey: `EU-${KEY}`,
    endpoint: 'https://x.example',
    result: 'invalid',
    errorClass: 'api_key_format',
  });
  r({
    comment: 'unknown region even with an endpoint',
    flags: ['Override'],
    apiKey: `zz-${KEY}`,
    endpoint: 'https://x.example',
    result: 'invalid',
    errorClass: 'unknown_region',
  });
  const ok = (comment: string, endpoint: string, ingestorUrl: string, flag = 'Override') =>
    r({ comment, flags: [flag], apiKey: `eu-${KEY}`, endpoint, result: 'valid', ingestorUrl });
  ok('https override', 'https://ingest.example.com', 'https://ingest.example.com');
  ok('trailing slash removed', 'https://ingest.example.com/', 'https://ingest.example.com');
  ok('path kept, trailing slashes removed', 'https://ingest.example.com/logflux//', 'https://ingest.example.com/logflux');
  ok('scheme and host lowercased, default port dropped', 'HTTPS://Ingest.Example.COM:443/base/', 'https://ingest.example.com/base');
  ok('non-default port kept', 'https://ingest.example.com:8443', 'https://ingest.example.com:8443');
  r({
    comment: 'override works for unprefixed key',
    flags: ['Override'],
    apiKey: KEY,
    endpoint: 'https://self-hosted.example',
    result: 'valid',
    ingestorUrl: 'https://self-hosted.example',
  });
  ok('http on 127.0.0.1', 'http://127.0.0.1:7600', 'http://127.0.0.1:7600', 'Loopback');
  ok('http on 127.1.2.3', 'http://127.1.2.3:7600/', 'http://127.1.2.3:7600', 'Loopback');
  ok('http on localhost', 'http://localhost:7600', 'http://localhost:7600', 'Loopback');
  ok('http on [::1]', 'http://[::1]:7600', 'http://[::1]:7600', 'Loopback');
  ok('http default port dropped', 'http://localhost:80/x', 'http://localhost/x', 'Loopback');
  const bad = (comment: string, endpoint: string, errorClass: string, flag: string) =>
    r({ comment, flags: [flag], apiKey: `eu-${KEY}`, endpoint, result: 'invalid', errorClass });
  bad('http on a public host', 'http://ingest.example.com', 'insecure_endpoint', 'Insecure');
  bad('http on a private address', 'http://10.0.0.5:7600', 'insecure_endpoint', 'Insecure');
  bad('http on a host that starts with localhost', 'http://localhost.example.com', 'insecure_endpoint', 'Insecure');
  bad('http on 128.0.0.1', 'http://128.0.0.1', 'insecure_endpoint', 'Insecure');
  bad('ftp scheme', 'ftp://ingest.example.com', 'invalid_url', 'BadUrl');
  bad('no scheme', 'ingest.example.com', 'invalid_url', 'BadUrl');
  bad('credentials', 'https://user:pass@ingest.example.com', 'invalid_url', 'BadUrl');
  bad('query string', 'https://ingest.example.com/?x=1', 'invalid_url', 'BadUrl');
  bad('fragment', 'https://ingest.example.com/#top', 'invalid_url', 'BadUrl');
  bad('empty host', 'https:///path', 'invalid_url', 'BadUrl');
  bad('empty string', '', 'invalid_url', 'BadUrl');
  bad('non-numeric port', 'https://ingest.example.com:port', 'invalid_url', 'BadUrl');
  bad('port out of range', 'https://ingest.example.com:70000', 'invalid_url', 'BadUrl');
  bad('whitespace', ' https://ingest.example.com', 'invalid_url', 'BadUrl');

  const s = f.group('DiscoveryResponseTest');
  const body = (o: unknown) => JSON.stringify(o);
  s({
    comment: 'static response',
    flags: ['StaticResponse'],
    kind: 'static',
    body: body({
      version: '1',
      region: 'eu',
      endpoints: {
        ingestor_url: 'https://api.ingest.eu.logflux.io',
        backend_url: 'https://api.eu.logflux.io',
        dashboard_url: 'https://app.eu.logflux.io',
      },
      updated_at: '2026-01-01T00:00:00Z',
    }),
    result: 'valid',
    ingestorUrl: 'https://api.ingest.eu.logflux.io',
  });
  s({
    comment: 'static response without endpoints',
    flags: ['StaticResponse'],
    kind: 'static',
    body: body({ version: '1', region: 'eu' }),
    result: 'invalid',
    errorClass: 'discovery_response',
  });
  s({
    comment: 'static response, ingestor_url not a string',
    flags: ['StaticResponse'],
    kind: 'static',
    body: body({ endpoints: { ingestor_url: 5 } }),
    result: 'invalid',
    errorClass: 'discovery_response',
  });
  s({
    comment: 'static response over plain http',
    flags: ['StaticResponse'],
    kind: 'static',
    body: body({ endpoints: { ingestor_url: 'http://api.ingest.eu.logflux.io' } }),
    result: 'invalid',
    errorClass: 'insecure_endpoint',
  });
  s({
    comment: 'static response not JSON',
    flags: ['StaticResponse'],
    kind: 'static',
    body: '<html>maintenance</html>',
    result: 'invalid',
    errorClass: 'discovery_response',
  });
  s({
    comment: 'static response is an array',
    flags: ['StaticResponse'],
    kind: 'static',
    body: '[]',
    result: 'invalid',
    errorClass: 'discovery_response',
  });
  s({
    comment: 'authenticated response, current form',
    flags: ['AuthResponse'],
    kind: 'authenticated',
    body: body({
      ingestor_url: 'https://api.ingest.us.logflux.io/',
      backend_url: 'https://api.us.logflux.io',
      data_residency: 'us',
      environment: 'production',
      features: ['multipart'],
    }),
    result: 'valid',
    ingestorUrl: 'https://api.ingest.us.logflux.io',
  });
  s({
    comment: 'authenticated response, legacy wrapped form',
    flags: ['AuthResponse', 'Legacy'],
    kind: 'authenticated',
    body: body({ status: 'success', data: { base_url: 'https://api.ingest.ca.logflux.io', region: 'ca', capabilities: [] } }),
    result: 'valid',
    ingestorUrl: 'https://api.ingest.ca.logflux.io',
  });
  s({
    comment: 'authenticated response, wrapped ingestor_url preferred over base_url',
    flags: ['AuthResponse', 'Legacy'],
    kind: 'authenticated',
    body: body({ status: 'success', data: { ingestor_url: 'https://a.example', base_url: 'https://b.example' } }),
    result: 'valid',
    ingestorUrl: 'https://a.example',
  });
  s({
    comment: 'authenticated response without URL',
    flags: ['AuthResponse'],
    kind: 'authenticated',
    body: body({ status: 'success', data: { region: 'eu' } }),
    result: 'invalid',
    errorClass: 'discovery_response',
  });
  s({
    comment: 'authenticated response with a query in the URL',
    flags: ['AuthResponse'],
    kind: 'authenticated',
    body: body({ ingestor_url: 'https://a.example/?k=1' }),
    result: 'invalid',
    errorClass: 'invalid_url',
  });
  return f;
}
