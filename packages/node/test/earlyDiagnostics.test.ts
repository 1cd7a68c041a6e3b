import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogFlux } from '@logflux/node';
import { afterAll, describe, expect, it } from 'vitest';
import { publicKeyPem } from './helpers/env.js';

// What the Node client says before its core client exists (the spool directory, journals of
// earlier processes) follows `logLevel` like the rest: a warning, quiet at 'error'.
const scratch = mkdtempSync(join(tmpdir(), 'logflux-early-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function said(extra: Record<string, unknown>): Promise<string[]> {
  const notAFolder = join(scratch, `file-${Math.random().toString(36).slice(2)}`);
  writeFileSync(notAFolder, 'a file, not a directory');
  const lines: string[] = [];
  const client = createLogFlux(
    {
      apiKey: 'lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6',
      endpoint: 'http://127.0.0.1:9',
      publicKey: publicKeyPem(),
      spool: { dir: join(notAFolder, 'spool') },
      handleSignals: false,
      flushOnExit: false,
      ...extra,
    },
    { diagnostic: (m) => lines.push(m), env: {} },
  );
  await client.close();
  return lines.filter((l) => l.includes('spool directory'));
}

describe('diagnostics before the client starts', () => {
  it('says an unusable spool directory by default, and not at logLevel error', async () => {
    expect(await said({})).toEqual([
      expect.stringMatching(/^logflux: the spool directory .* cannot be used \(ENOTDIR\); running without a spool$/),
    ]);
    expect(await said({ logLevel: 'debug' })).toHaveLength(1);
    expect(await said({ logLevel: 'error' })).toEqual([]);
  });
});
