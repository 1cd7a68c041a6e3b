// The scratch project the snippets run in, as an npm user has it: every packed @logflux tarball
// (what `npm publish` would upload) and the third-party packages the snippets import, installed
// with one `npm install` outside the repository; then `npx logflux keygen`, as the guide says.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastLines, publishedPackages, ROOT, run } from '../packaging/workspace.mjs';

/** Packages that stay out of the install: DuckDB (~70 MB) is for `logflux sql`, which no snippet runs. */
const LEFT_OUT = new Set(['@logflux/analysis']);

/** The version range the repository tests a third-party package with (any package.json), else `latest`. */
export function testedRange(name) {
  const manifests = [join(ROOT, 'package.json'), ...publishedPackages().map((p) => join(p.path, 'package.json'))];
  for (const dir of readdirSync(join(ROOT, 'packages'))) manifests.push(join(ROOT, 'packages', dir, 'package.json'));
  for (const file of manifests) {
    let m;
    try {
      m = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    for (const field of ['devDependencies', 'dependencies', 'peerDependencies']) {
      const range = m[field]?.[name];
      if (range && !range.startsWith('workspace:')) return range;
    }
  }
  return 'latest';
}

/** Environment for npm and the snippets: none of the repository's pnpm/npm settings. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_(registry|cache|userconfig)$/i.test(k)) continue;
    if (k === 'NODE_OPTIONS' || k.startsWith('LOGFLUX_') || k === 'LOG_LEVEL' || k.startsWith('VITEST')) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Creates the project and installs `packs` ({ name, tarball }[]) plus `thirdParty` package names.
 * Returns `{ dir, seconds }`; throws with npm's output when the install fails.
 */
export function installProject(packs, thirdParty, env) {
  const dir = mkdtempSync(join(tmpdir(), 'logflux-snippets-'));
  const tarballs = Object.fromEntries(packs.filter((p) => !LEFT_OUT.has(p.name)).map((p) => [p.name, `file:${p.tarball}`]));
  const dependencies = { ...tarballs };
  for (const name of thirdParty) if (!name.startsWith('@logflux/')) dependencies[name] = testedRange(name);
  // `overrides`: the @logflux dependencies between the tarballs resolve to the tarballs too.
  const manifest = { name: 'logflux-snippets', version: '0.0.0', private: true, dependencies, overrides: tarballs };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const started = Date.now();
  const r = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
  if (r.status !== 0) throw new Error(`npm install failed in ${dir}:\n${lastLines(`${r.stdout}${r.stderr}`).join('\n')}`);
  return { dir, seconds: (Date.now() - started) / 1000 };
}
