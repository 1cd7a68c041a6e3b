// packed-install: installs every packed tarball together into a scratch project outside the
// repository (the @logflux/* dependencies between them resolve to the tarballs, everything else
// comes from the npm registry), then loads each package with `import` and with `require` and runs
// a small script that calls something real (scripts/packaging/smoke/<package dir>.cjs).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastLines, publishedPackages, ROOT, readTarball, run } from './workspace.mjs';

const SMOKE = join(ROOT, 'scripts/packaging/smoke');
const TIMEOUT_MS = 120_000;

/** Typed JavaScript entry points of a packed manifest, and which of them `require` can load. */
function entryPoints(manifest) {
  const exportsField = manifest.exports;
  const entries = [];
  if (exportsField === undefined) return [{ spec: manifest.name, esm: true, cjs: true }];
  const map =
    typeof exportsField === 'string' || Object.keys(exportsField).some((k) => !k.startsWith('.')) ? { '.': exportsField } : exportsField;
  for (const [subpath, value] of Object.entries(map)) {
    if (subpath === './package.json' || subpath.includes('*')) continue;
    const json = JSON.stringify(value);
    if (typeof value === 'string' || !json.includes('"types"')) continue; // an untyped file (a script for <script> tags, say)
    const defaultTarget = /"default":"([^"]+)"/.exec(json)?.[1] ?? '';
    entries.push({
      spec: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      esm: json.includes('"import"') || defaultTarget !== '',
      cjs: json.includes('"require"') || defaultTarget.endsWith('.cjs'),
    });
  }
  return entries;
}

function wrapper(mode, pack, entries, hasBody) {
  const list = JSON.stringify(entries.filter((e) => e[mode]).map((e) => e.spec));
  const body = hasBody ? `./smoke/${pack.dir}.cjs` : undefined;
  if (mode === 'esm') {
    return `import h from './smoke/helpers.cjs';
const load = (name) => import(name);
for (const spec of ${list}) {
  const m = await load(spec);
  h.assert(Object.keys(m).length > 0, \`\${spec} exports something\`);
  h.assert(!import.meta.resolve(spec).endsWith('.ts'), \`\${spec} resolves to JavaScript (\${import.meta.resolve(spec)})\`);
}
${body ? `const { default: smoke } = await import('${body}');\nawait smoke(load, h);` : ''}
console.log('smoke ok');
`;
  }
  return `'use strict';
const h = require('./smoke/helpers.cjs');
const load = async (name) => require(name);
(async () => {
  for (const spec of ${list}) {
    const m = await load(spec);
    h.assert(Object.keys(m).length > 0, \`\${spec} exports something\`);
    h.assert(/\\.c?js$/.test(require.resolve(spec)), \`\${spec} resolves to JavaScript (\${require.resolve(spec)})\`);
  }
  ${body ? `await require('${body}')(load, h);` : ''}
  console.log('smoke ok');
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

/** Environment for commands in the scratch project: none of the repository's pnpm/npm settings. */
function cleanEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_(registry|cache|store_dir|userconfig)$/i.test(k)) continue;
    if (k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return env;
}

export async function checkPackedInstall(packs, tally, { keep = false } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'logflux-packed-install-'));
  try {
    const sources = new Map(publishedPackages().map((p) => [p.name, p.manifest]));
    const manifests = new Map(packs.map((p) => [p.name, JSON.parse(readTarball(p.tarball).get('package.json').data.toString('utf8'))]));
    const dependencies = {};
    const overrides = {};
    for (const pack of packs) {
      dependencies[pack.name] = `file:${pack.tarball}`;
      overrides[pack.name] = `file:${pack.tarball}`;
    }
    // Peer dependencies the application brings itself (winston, pino): the versions the repo tests with.
    for (const [name, manifest] of manifests) {
      for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
        if (!(peer in dependencies)) dependencies[peer] = sources.get(name)?.devDependencies?.[peer] ?? range;
      }
    }
    writeFileSync(
      join(scratch, 'package.json'),
      `${JSON.stringify({ name: 'logflux-packed-install', version: '0.0.0', private: true, dependencies, pnpm: { overrides } }, null, 2)}\n`,
    );
    const env = cleanEnv();
    const started = Date.now();
    const install = run(
      'pnpm',
      [
        'install',
        '--ignore-workspace',
        '--no-frozen-lockfile',
        '--prefer-offline',
        '--config.strict-peer-dependencies=false',
        '--reporter=append-only',
      ],
      { cwd: scratch, env },
    );
    if (install.status !== 0) {
      tally.fail('install of the packed tarballs', `pnpm install failed in ${scratch}:`, lastLines(`${install.stdout}${install.stderr}`));
      return;
    }
    tally.ok(
      'install of the packed tarballs',
      `${packs.length} tarballs and their dependencies in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    // The scratch project: the smoke scripts, and test-vectors where `logflux vectors verify` looks for them.
    const smokeDir = join(scratch, 'smoke');
    symlinkSync(join(ROOT, 'test-vectors'), join(scratch, 'test-vectors'));
    mkdirSync(smokeDir);
    for (const f of readdirSync(SMOKE)) copyFileSync(join(SMOKE, f), join(smokeDir, f));

    for (const pack of packs) {
      const entries = entryPoints(manifests.get(pack.name));
      const hasBody = existsSync(join(SMOKE, `${pack.dir}.cjs`));
      for (const mode of ['esm', 'cjs']) {
        const subject = `${pack.name} ${mode === 'esm' ? 'import' : 'require'}`;
        const loadable = entries.filter((e) => e[mode]);
        if (loadable.length === 0) {
          if (mode === 'esm') tally.fail(subject, 'no typed entry point can be imported');
          else tally.note(`${pack.name}: no require entry point (ESM-only package), require not tried`);
          continue;
        }
        const file = join(scratch, `${pack.dir}.${mode === 'esm' ? 'mjs' : 'cjs'}`);
        writeFileSync(file, wrapper(mode, pack, entries, hasBody));
        const t = Date.now();
        const r = run(process.execPath, [file], {
          cwd: scratch,
          env: { ...env, LOGFLUX_TEST_KEYS: join(ROOT, 'test-vectors/keys'), LOGFLUX_SMOKE_MODE: mode },
          timeout: TIMEOUT_MS,
        });
        const output = lastLines(`${r.stdout}${r.stderr}`);
        const took = `${((Date.now() - t) / 1000).toFixed(1)} s`;
        if (r.status === 0 && /smoke ok/.test(r.stdout)) {
          tally.ok(subject, `${loadable.map((e) => e.spec).join(', ')}${hasBody ? ' + smoke script' : ''} (${took})`);
        } else if (r.signal || r.error) {
          const why = /smoke ok/.test(r.stdout) ? 'its checks passed but the process stays alive' : 'it hung';
          tally.fail(subject, `${file} did not finish within ${TIMEOUT_MS / 1000} s: ${why}`, output);
        } else tally.fail(subject, `${file} exited ${r.status}:`, output);
      }
    }
  } finally {
    if (keep) console.log(`scratch project kept: ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}
