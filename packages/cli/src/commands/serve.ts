import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REGIONS, type Region } from '@logflux/core';
import { CorsPolicy, type Ingestor, startIngestor, type Tenant } from '@logflux/ingestor';
import { addRegionKey, type Credentials, DEFAULT_HOME, readCredentials, updateCredentialsUrl, writeCredentials } from '../credentials.js';
import { type CommandIo, UsageError, write } from '../io.js';

export const SERVE_HELP = `logflux serve [--home .logflux] [--port 7600] [--host 127.0.0.1] [--allow-external]
              [--public-key logflux.pub.pem] [--max-entries N] [--no-rate-limit] [--fault-injection]
              [--allow-origin ORIGIN]... [--region eu|us|ca|au|ap]

Runs the reference ingestor with its data in <home>/data. On first start it creates a tenant for
the public key and prints its API key, read token and fingerprint once (also saved, mode 0600, in
<home>/credentials.json for "logflux query"). It listens on loopback only unless --allow-external
is given. --port 0 picks a free port. Stop it with Ctrl-C.

--allow-origin lets browser pages on ORIGIN (scheme://host[:port], e.g. http://localhost:5173)
call the ingestor (CORS). Repeat it or separate origins with commas; '*' (quoted in the shell)
allows any origin. Without it no CORS headers are sent and browsers on other origins are refused.

--region R issues API keys with R's prefix (R-lf_…), which the official LogFlux SDKs require, and
makes discovery (GET /, GET /v1/discovery, GET /api/discovery) answer R. On an existing home whose
tenant has no key for R yet, it issues one more key for R, printed once and saved in
credentials.json ("api_keys_by_region"); every earlier key keeps working.`;

function parseRegion(value: string | undefined): Region | undefined {
  if (value === undefined) return undefined;
  if (!(REGIONS as readonly string[]).includes(value)) throw new UsageError(`--region must be one of ${REGIONS.join(', ')}`);
  return value as Region;
}

/** The tenant this home's credentials belong to (the only one, or the one with their fingerprint). */
function homeTenant(ingestor: Ingestor, credentials: Credentials | undefined): Tenant {
  const all = ingestor.tenants.list();
  const match = all.length === 1 ? all[0] : all.find((t) => t.fingerprint === credentials?.fingerprint);
  if (!match) throw new UsageError(`--region: cannot tell which of the ${all.length} tenants of this home to issue a key for`);
  return match;
}

/** --region on an existing home: a key for that region, issued once (lines to print). */
async function ensureRegionKey(ingestor: Ingestor, home: string, region: Region): Promise<string[]> {
  const tenant = homeTenant(ingestor, readCredentials(home));
  if (ingestor.tenants.keyRegions(tenant).includes(region)) return [`API key for region ${region}: issued earlier`];
  const apiKey = await ingestor.tenants.addApiKey(tenant.id, region);
  addRegionKey(home, region, apiKey);
  return [
    `additional API key for region ${region} (shown once; saved to ${join(home, 'credentials.json')}; earlier keys keep working):`,
    `  API key:     ${apiKey}`,
  ];
}

/** The origins of every --allow-origin, split on commas. */
function allowedOrigins(values: string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const origins = values
    .flatMap((v) => v.split(','))
    .map((o) => o.trim())
    .filter((o) => o !== '');
  if (origins.length === 0) throw new UsageError('--allow-origin needs an origin, e.g. --allow-origin http://localhost:5173');
  try {
    CorsPolicy.from(origins);
  } catch (error) {
    throw new UsageError(`--allow-origin: ${(error as Error).message}`);
  }
  return origins;
}

export async function serveCommand(args: string[], io: CommandIo, signal?: AbortSignal): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      home: { type: 'string', default: DEFAULT_HOME },
      port: { type: 'string', default: '7600' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-external': { type: 'boolean', default: false },
      'public-key': { type: 'string' },
      'max-entries': { type: 'string' },
      'no-rate-limit': { type: 'boolean', default: false },
      'fault-injection': { type: 'boolean', default: false },
      'allow-origin': { type: 'string', multiple: true },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return write(io.stdout, `${SERVE_HELP}\n`).then(() => 0);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0..65535');
  const home = resolve(values.home);
  const origins = allowedOrigins(values['allow-origin']);
  const region = parseRegion(values.region);
  let ingestor: Awaited<ReturnType<typeof startIngestor>>;
  try {
    ingestor = await startIngestor({
      dataDir: join(home, 'data'),
      host: values.host,
      port,
      allowExternal: values['allow-external'],
      rateLimit: values['no-rate-limit'] ? false : undefined,
      faultInjection: values['fault-injection'],
      ...(origins ? { allowedOrigins: origins } : {}),
      ...(region ? { region } : {}),
    });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; pick another with --port (0 = any free port)`);
    throw new UsageError((error as Error).message);
  }
  const lines = [`LogFlux reference ingestor listening on ${ingestor.url}`, `data directory: ${join(home, 'data')}`];
  if (origins) lines.push(`CORS: browser pages on ${origins.includes('*') ? 'any origin' : origins.join(', ')} may call it`);
  if (region) lines.push(`region: ${region} (discovery answers it; API keys ${region}-lf_…)`);
  if (values['fault-injection']) lines.push('fault injection is ON (POST /__admin/faults); never use this outside tests');
  if (ingestor.tenants.list().length === 0) {
    const publicKeyPath = values['public-key'] ?? 'logflux.pub.pem';
    if (!existsSync(publicKeyPath)) {
      await ingestor.close();
      throw new UsageError(`no tenant yet and no public key at ${publicKeyPath}: run "logflux keygen" first or pass --public-key`);
    }
    const maxEntries = values['max-entries'] === undefined ? undefined : Number(values['max-entries']);
    const created = await ingestor.tenants.create({
      publicKeyPem: readFileSync(publicKeyPath, 'utf8'),
      ...(maxEntries !== undefined ? { maxEntries } : {}),
      ...(region ? { region } : {}),
    });
    const path = writeCredentials(home, {
      url: ingestor.url,
      api_key: created.apiKey,
      read_token: created.readToken,
      fingerprint: created.tenant.fingerprint,
      ...(region ? { api_keys_by_region: { [region]: created.apiKey } } : {}),
    });
    lines.push(
      `tenant created (secrets shown once; also saved to ${path}, mode 0600):`,
      `  API key:     ${created.apiKey}`,
      `  read token:  ${created.readToken}`,
      `  public key:  ${created.tenant.fingerprint}`,
    );
  } else {
    updateCredentialsUrl(home, ingestor.url);
    const credentials = readCredentials(home);
    for (const t of ingestor.tenants.list()) lines.push(`tenant ${t.id}: public key ${t.fingerprint}`);
    if (region) {
      try {
        lines.push(...(await ensureRegionKey(ingestor, home, region)));
      } catch (error) {
        await ingestor.close();
        throw error;
      }
    }
    if (credentials) lines.push(`credentials: ${join(home, 'credentials.json')}`);
  }
  await write(io.stdout, `${lines.join('\n')}\n`);

  await new Promise<void>((done) => {
    const stop = () => done();
    if (signal) signal.addEventListener('abort', stop, { once: true });
    else {
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    }
  });
  await ingestor.close();
  await write(io.stdout, 'stopped\n');
  return 0;
}
