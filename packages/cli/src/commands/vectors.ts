import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runVectorFile } from '@logflux/core/conformance';
import { type CommandIo, UsageError, write } from '../io.js';
import { cliProviders } from '../providers.js';
import { findVectorsDir } from '../repoPaths.js';

export const VECTORS_HELP = `logflux vectors verify [dir]

Runs every *_test.json file in dir (default: the nearest test-vectors/ in or above the working
directory, as in a checkout of the repository; npm installs do not include them) against the
TypeScript implementation, prints each failure and a final line "N passed, N failed".`;

export async function vectorsCommand(args: string[], io: CommandIo): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals[0] !== 'verify') {
    if (!values.help) throw new UsageError(`unknown vectors subcommand; usage:\n${VECTORS_HELP}`);
    await write(io.stdout, `${VECTORS_HELP}\n`);
    return 0;
  }
  const found = positionals[1] ?? findVectorsDir();
  if (found === undefined)
    throw new UsageError(
      'no test-vectors/ directory here or above, and none is installed with the package (the vectors are 3.6 MB).\n' +
        'Get them from a checkout of the LogFlux repository and pass the directory: logflux vectors verify path/to/test-vectors',
    );
  const dir = resolve(found);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('_test.json'))
      .sort();
  } catch {
    throw new UsageError(`cannot read the vector directory ${dir}`);
  }
  if (names.length === 0) throw new UsageError(`no *_test.json files in ${dir}`);
  const providers = await cliProviders();
  let passed = 0;
  let failed = 0;
  for (const name of names) {
    const file = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
    const result = await runVectorFile(file, providers, name);
    passed += result.passed;
    failed += result.failed;
    for (const f of result.failures) {
      await write(io.stdout, `FAIL ${f.file} tcId ${f.tcId} (${f.comment}): expected ${f.expected}, got ${f.got}\n`);
    }
  }
  await write(io.stdout, `${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}
