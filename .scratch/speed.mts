import { readFileSync } from 'node:fs';
import { createLogFlux } from '@logflux/node';
const c = JSON.parse(readFileSync('/tmp/ag1/home/credentials.json', 'utf8'));
const client = createLogFlux({ apiKey: c.api_key, endpoint: c.url, publicKey: c.fingerprint, spool: false });
await client.ready();
for (const n of [144, 144, 144, 1000, 2000]) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) client.write({ level: 7, message: `line ${i} ${'x'.repeat(100)}` });
  const r = await client.flush();
  console.log(n, 'entries', (performance.now() - t0).toFixed(1), 'ms', r.acknowledged);
}
// concurrent
const t0 = performance.now();
await Promise.all([0, 1, 2, 3].map(async () => { for (let i = 0; i < 144; i++) client.write({ level: 7, message: `c ${i}` }); return client.flush(); }));
console.log('4 concurrent', (performance.now() - t0).toFixed(1));
await client.close();
