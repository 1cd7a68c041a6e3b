import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_VARIABLES, optionsFromEnv, resolveNodeOptions } from '@logflux/node';
import { describe, expect, it } from 'vitest';

/**
 * docs/configuration.md's table of variables against the one resolver (packages/node/src/env.ts):
 * the same variables, each example value sets the option the table names, and an option given
 * in code wins over the variable.
 */
const ROOT = join(import.meta.dirname, '../../..');
const doc = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');
const section = doc.slice(doc.indexOf('### Variables'), doc.indexOf('\n## ', doc.indexOf('### Variables')));
const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| `([\w.]+)` \| `([^`]+)`/gm)].map(([, variable, option, example]) => ({
  variable: variable as string,
  option: option as string,
  // Placeholders in the examples stand for real values.
  example: (example as string).replace('eu-lf_…', `eu-lf_${'a'.repeat(32)}`).replace('SHA256:…', `SHA256:${'ab'.repeat(32)}`),
}));

const at = (o: object, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

describe('docs/configuration.md, Variables', () => {
  it('lists exactly the variables the resolver reads', () => {
    expect(rows.map((r) => r.variable).sort()).toEqual(Object.keys(ENV_VARIABLES).sort());
  });

  for (const { variable, option, example } of rows) {
    it(`${variable}=${example} sets ${option}; ${option} given in code wins`, () => {
      expect(at(optionsFromEnv({}), option)).toBeUndefined();
      expect(at(optionsFromEnv({ [variable]: example }), option)).toBeDefined();
      if (option.includes('.')) return; // spool fields: merged (below)
      const explicit = { apiKey: 'explicit', publicKey: 'explicit', logLevel: 'error', durability: 'memory', spool: false };
      const given = { [option]: (explicit as Record<string, unknown>)[option] ?? 7 };
      const { options } = resolveNodeOptions(given, { [variable]: example });
      expect(at(options, option)).toEqual(given[option]);
    });
  }

  it('merges a spool object given in code with the spool variables, field by field', () => {
    const { options } = resolveNodeOptions({ spool: { dir: '/code' } }, { LOGFLUX_SPOOL_DIR: '/env', LOGFLUX_SPOOL_MAX_BYTES: '4096' });
    expect(options.spool).toEqual({ dir: '/code', maxBytes: 4096 });
  });

  it('resolves the pin and the diagnostics as one field each, as the page says', () => {
    expect(resolveNodeOptions({ publicKeyFile: './a.pem' }, { LOGFLUX_PUBLIC_KEY: 'SHA256:x' }).options).toMatchObject({
      publicKeyFile: './a.pem',
    });
    expect(resolveNodeOptions({ publicKeyFile: './a.pem' }, { LOGFLUX_PUBLIC_KEY: 'SHA256:x' }).options.publicKey).toBeUndefined();
    expect(optionsFromEnv({ LOGFLUX_PUBLIC_KEY: 'SHA256:x', LOGFLUX_PUBLIC_KEY_FILE: './a.pem' })).toMatchObject({ publicKey: 'SHA256:x' });
    expect(optionsFromEnv({ LOGFLUX_PUBLIC_KEY: 'SHA256:x', LOGFLUX_PUBLIC_KEY_FILE: './a.pem' }).publicKeyFile).toBeUndefined();
    expect(optionsFromEnv({ LOGFLUX_LOG_LEVEL: 'info', LOGFLUX_DEBUG: '1', LOG_LEVEL: 'error' }).logLevel).toBe('info');
    expect(optionsFromEnv({ LOGFLUX_DEBUG: '1', LOG_LEVEL: 'error' }).logLevel).toBe('debug');
    expect(optionsFromEnv({ LOG_LEVEL: 'verbose' }).logLevel).toBeUndefined();
    expect(resolveNodeOptions({ debug: true }, { LOGFLUX_LOG_LEVEL: 'error' }).options.logLevel).toBeUndefined();
  });
});
