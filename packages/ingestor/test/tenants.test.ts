import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseApiKey } from '@logflux/core';
import { TenantRegistry } from '@logflux/ingestor';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, testPublicKey } from './helpers/fixtures.js';

let dir: ReturnType<typeof tempDir>;
afterEach(() => dir.remove());

describe('TenantRegistry: API keys and regions', () => {
  it('issues region-prefixed keys and more keys later, all valid, only hashes on disk', async () => {
    dir = tempDir();
    const registry = await TenantRegistry.open(dir.path);
    const { tenant, apiKey } = await registry.create({ publicKeyPem: testPublicKey(), region: 'eu' });
    expect(parseApiKey(apiKey).region).toBe('eu');
    const us = await registry.addApiKey(tenant.id, 'us');
    const plain = await registry.addApiKey(tenant.id);
    expect(parseApiKey(us).region).toBe('us');
    expect(parseApiKey(plain).region).toBeNull();

    const reopened = await TenantRegistry.open(dir.path);
    for (const key of [apiKey, us, plain]) expect(reopened.byApiKey(key)?.id).toBe(tenant.id);
    expect(reopened.byApiKey(`eu-lf_${'A'.repeat(32)}`)).toBeUndefined();
    expect(reopened.keyRegions(reopened.list()[0] as never)).toEqual(['eu', 'us', null]);
    const onDisk = readFileSync(join(dir.path, 'tenants.json'), 'utf8');
    for (const key of [apiKey, us, plain]) expect(onDisk).not.toContain(key.slice(-32));
  });

  it('refuses an unknown region', async () => {
    dir = tempDir();
    const registry = await TenantRegistry.open(dir.path);
    await expect(registry.create({ publicKeyPem: testPublicKey(), region: 'xx' as 'eu' })).rejects.toThrow(/unknown region/);
    expect(registry.list()).toHaveLength(0);
  });
});
