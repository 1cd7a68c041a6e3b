import { startIngestor } from '@logflux/ingestor';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestorWithTenant, tempDir } from './helpers/fixtures.js';

let env: Awaited<ReturnType<typeof ingestorWithTenant>> | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

describe('ingestor: discovery', () => {
  it('answers static discovery with its region and both authenticated paths with the key region', async () => {
    env = await ingestorWithTenant({ region: 'eu' });
    const url = env.ingestor.url;
    const euKey = await env.ingestor.tenants.addApiKey(env.tenant.tenant.id, 'eu');
    expect(await (await fetch(`${url}/`)).json()).toMatchObject({ version: '1', region: 'eu', endpoints: { ingestor_url: url } });
    for (const path of ['/v1/discovery', '/api/discovery']) {
      const eu = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${euKey}` } });
      expect(eu.status).toBe(200);
      expect(await eu.json()).toMatchObject({ ingestor_url: url, backend_url: url, data_residency: 'eu' });
      const plain = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${env.tenant.apiKey}` } });
      expect(((await plain.json()) as { data_residency: string }).data_residency).toBe('local');
      expect((await fetch(`${url}${path}`)).status).toBe(401);
      expect((await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${env.tenant.readToken}` } })).status).toBe(403);
    }
  });

  it('says local without a region and refuses an unknown one at start', async () => {
    env = await ingestorWithTenant();
    expect(((await (await fetch(`${env.ingestor.url}/`)).json()) as { region: string }).region).toBe('local');
    const dir = tempDir();
    await expect(startIngestor({ dataDir: dir.path, region: 'zz' as 'eu' })).rejects.toThrow(/unknown region/);
    dir.remove();
  });
});
