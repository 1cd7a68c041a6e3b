import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { parseApiKey, parseCustomerPublicKey, REGIONS, type Region } from '@logflux/core';

/**
 * Tenants: each is one customer, bound to the customer's RSA public key. The registry stores only
 * SHA-256 hashes of the API key and the read token; the secrets are shown once, at creation.
 */
export interface Tenant {
  id: string;
  apiKeyHash: string;
  readTokenHash: string;
  publicKeyPem: string;
  fingerprint: string;
  /** Largest number of entries the tenant may store; undefined = unlimited. */
  maxEntries?: number;
  createdAt: string;
  /** Region prefix of the key behind `apiKeyHash` (`eu-lf_…`); absent for an unprefixed key. */
  region?: Region;
  /** API keys issued later (e.g. `logflux serve --region` on an existing home), each valid alongside the first. */
  moreApiKeys?: ApiKeyRecord[];
}

/** An additional API key of a tenant: its hash and region prefix. */
export interface ApiKeyRecord {
  hash: string;
  region?: Region;
  createdAt: string;
}

export interface NewTenant {
  tenant: Tenant;
  /** Shown once; only its hash is kept. */
  apiKey: string;
  /** Shown once; only its hash is kept. */
  readToken: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlnum(length: number): string {
  // Rejection sampling keeps every character equally likely.
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += ALNUM[b % 62];
    }
  }
  return out;
}

function newApiKey(region: Region | undefined): string {
  if (region !== undefined && !(REGIONS as readonly string[]).includes(region)) {
    throw new Error(`unknown region "${region}": one of ${REGIONS.join(', ')}`);
  }
  const apiKey = `${region ? `${region}-` : ''}lf_${randomAlnum(32)}`;
  parseApiKey(apiKey);
  return apiKey;
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class TenantRegistry {
  private tenants: Tenant[] = [];

  private constructor(private readonly path: string) {}

  static async open(dataDir: string): Promise<TenantRegistry> {
    const registry = new TenantRegistry(join(dataDir, 'tenants.json'));
    try {
      registry.tenants = (JSON.parse(await readFile(registry.path, 'utf8')) as { tenants: Tenant[] }).tenants;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return registry;
  }

  list(): readonly Tenant[] {
    return this.tenants;
  }

  /**
   * Creates a tenant for a customer's public key (RSA, ≥ 4096 bits unless `minRsaBits` says
   * otherwise). With `region` its API key carries that prefix (`eu-lf_…`), which the official
   * SDKs require.
   */
  async create(options: { publicKeyPem: string; maxEntries?: number; region?: Region; minRsaBits?: number }): Promise<NewTenant> {
    const key = await parseCustomerPublicKey(options.publicKeyPem, options.minRsaBits);
    const apiKey = newApiKey(options.region);
    const readToken = `lfr_${randomAlnum(40)}`;
    const tenant: Tenant = {
      id: `t_${randomAlnum(12)}`,
      apiKeyHash: hashSecret(apiKey),
      readTokenHash: hashSecret(readToken),
      publicKeyPem: options.publicKeyPem,
      fingerprint: key.fingerprint,
      ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
      createdAt: new Date().toISOString(),
      ...(options.region ? { region: options.region } : {}),
    };
    this.tenants.push(tenant);
    await this.save();
    return { tenant, apiKey, readToken };
  }

  /**
   * Issues one more API key for an existing tenant (with `region`'s prefix, or none); the tenant's
   * other keys stay valid. Returns the new key, shown once: only its hash is kept.
   */
  async addApiKey(tenantId: string, region?: Region): Promise<string> {
    const tenant = this.tenants.find((t) => t.id === tenantId);
    if (!tenant) throw new Error(`no tenant ${tenantId}`);
    const apiKey = newApiKey(region);
    const record: ApiKeyRecord = { hash: hashSecret(apiKey), ...(region ? { region } : {}), createdAt: new Date().toISOString() };
    tenant.moreApiKeys = [...(tenant.moreApiKeys ?? []), record];
    await this.save();
    return apiKey;
  }

  /** The region prefixes of a tenant's API keys (null for an unprefixed key), first key first. */
  keyRegions(tenant: Tenant): (Region | null)[] {
    return [tenant.region ?? null, ...(tenant.moreApiKeys ?? []).map((k) => k.region ?? null)];
  }

  byApiKey(apiKey: string): Tenant | undefined {
    const h = hashSecret(apiKey);
    return this.tenants.find((t) => sameHash(t.apiKeyHash, h) || (t.moreApiKeys ?? []).some((k) => sameHash(k.hash, h)));
  }

  byReadToken(token: string): Tenant | undefined {
    const h = hashSecret(token);
    return this.tenants.find((t) => sameHash(t.readTokenHash, h));
  }

  /** Atomic replace: write a temporary file, fsync it, rename over the old one, fsync the directory. */
  private async save(): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify({ tenants: this.tenants }, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, this.path);
    const dir = await open(join(this.path, '..'), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
