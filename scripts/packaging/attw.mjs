// attw (@arethetypeswrong/cli): types resolve, and match the JavaScript, for every entry point
// under node16 from ESM, node16 from CJS and bundler resolution.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT, readTarball, run } from './workspace.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const ATTW = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js');

/**
 * Entry points that are not modules, and so have no types on purpose: attw skips them. Any other
 * untyped entry point fails.
 */
const UNTYPED_ENTRY_POINTS = {
  '@logflux/browser': { './global': 'the IIFE bundle for <script> tags (sets window.LogFlux), not a module' },
};

/** A package whose exports offer no `require` condition (and no CJS main) is ESM-only. */
function profileOf(manifest) {
  const hasRequire = JSON.stringify(manifest.exports ?? {}).includes('"require"');
  const cjsMain = typeof manifest.main === 'string' && (manifest.main.endsWith('.cjs') || manifest.type !== 'module');
  return hasRequire || cjsMain ? 'node16' : 'esm-only';
}

export function checkAttw(packs, tally) {
  for (const pack of packs) {
    const manifest = JSON.parse(readTarball(pack.tarball).get('package.json')?.data.toString('utf8') ?? '{}');
    const profile = profileOf(manifest);
    // node10 (moduleResolution "node"/"node10") is out of scope: the packages need Node >= 20.19.
    const untyped = Object.entries(UNTYPED_ENTRY_POINTS[pack.name] ?? {});
    const exclude = untyped.length > 0 ? ['--exclude-entrypoints', ...untyped.map(([subpath]) => subpath)] : [];
    const r = run(
      process.execPath,
      [ATTW, pack.tarball, '--profile', profile, '--format', 'ascii', '--no-color', '--no-emoji', ...exclude],
      {
        env: { ...process.env, FORCE_COLOR: '0' },
      },
    );
    const output = `${r.stdout}${r.stderr}`;
    if (/does not contain types/.test(output))
      tally.fail(`${pack.name} attw`, 'attw finds no type declarations in the tarball (is dist/ built and are "types" conditions set?)');
    else if (r.status === 0) {
      const modes = profile === 'node16' ? 'node16 (ESM and CJS), bundler' : 'node16 (ESM), bundler';
      tally.ok(`${pack.name} attw`, `profile ${profile}: ${modes}`);
      for (const [subpath, why] of untyped) tally.note(`${subpath} not checked: ${why}`);
    } else {
      tally.fail(`${pack.name} attw`, `types are wrong (profile ${profile}); attw says:`, output.trimEnd().split('\n'));
    }
  }
}
