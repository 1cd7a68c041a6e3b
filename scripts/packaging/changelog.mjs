#!/usr/bin/env node
// Release dry run: applies the pending changesets with `changeset version` in a scratch copy of the
// workspace manifests (never in the repository) and checks what a release would produce: every
// published package gets the same new version (they are versioned together) and a CHANGELOG.md
// whose newest section is that version and quotes its changesets. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'logflux-release-'));
let passed = 0;
let failed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

try {
  for (const f of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(ROOT, f), join(scratch, f));
  cpSync(join(ROOT, '.changeset'), join(scratch, '.changeset'), { recursive: true });
  const published = [];
  for (const group of ['packages', 'examples']) {
    if (!existsSync(join(ROOT, group))) continue;
    for (const dir of readdirSync(join(ROOT, group))) {
      const manifest = join(ROOT, group, dir, 'package.json');
      if (!existsSync(manifest)) continue;
      mkdirSync(join(scratch, group, dir), { recursive: true });
      cpSync(manifest, join(scratch, group, dir, 'package.json'));
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      if (!pkg.private) published.push({ dir: join(group, dir), name: pkg.name, version: pkg.version });
    }
  }
  const pending = readdirSync(join(ROOT, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  const bin = join(ROOT, 'node_modules/.bin/changeset');
  const r = spawnSync(bin, ['version'], { cwd: scratch, encoding: 'utf8' });
  check(
    r.status === 0,
    `changeset version applies ${pending.length} pending changesets${r.status === 0 ? '' : `: ${r.stderr || r.stdout}`}`,
  );
  const versions = new Set();
  for (const p of published) {
    const pkg = JSON.parse(readFileSync(join(scratch, p.dir, 'package.json'), 'utf8'));
    versions.add(pkg.version);
    const changelog = join(scratch, p.dir, 'CHANGELOG.md');
    const text = existsSync(changelog) ? readFileSync(changelog, 'utf8') : '';
    const newest = /^## (\S+)/m.exec(text)?.[1];
    const bumped = pending.length === 0 || pkg.version !== p.version;
    check(
      bumped && newest === pkg.version && (pending.length === 0 || /^- /m.test(text)),
      `${p.name}: ${p.version} → ${pkg.version}, CHANGELOG.md starts at ${newest ?? '(none)'}`,
    );
  }
  check(versions.size === 1, `published packages share one version (${[...versions].join(', ')})`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
