#!/usr/bin/env node
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
// The snippet suite (`pnpm test -- --only=snippets`): every snippet of README.md, docs/*.md and
// packages/*/README.md marked `run` is run exactly as written, as an npm user would run it — the
// packed tarballs installed with npm into a fresh project, `npx logflux keygen`, `npx logflux
// serve`, the environment docs/getting-started.md names — and every entry it logs is read back
// with `npx logflux query --json`, decrypted, and checked against its marker. Markers and their
// grammar: scripts/snippets/extract.mjs and docs/releasing.md ("Documentation snippets").
//
//   node scripts/snippets/cli.mjs [--packs=<dir>] [--only=<text in the snippet id>] [--keep]
//
// Without --packs it packs the built packages (`pnpm build` first) into a temporary directory.
// Runs on whichever `node` is first on PATH (the node-versions suite puts Node 22 and 24 there).
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packAll, parseArgs, ROOT, readPacks, Tally } from '../packaging/workspace.mjs';
import { runBrowserSnippet } from './browser.mjs';
import { collectSnippets, importedPackages } from './extract.mjs';
import { checkGuide } from './guide.mjs';
import { keygen, serve } from './ingestor.mjs';
import { cleanEnv, installProject } from './project.mjs';
import { runSnippet } from './runSnippet.mjs';

const { flags } = parseArgs(process.argv.slice(2));
const tally = new Tally();
const cleanup = [];

function freePort() {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolvePort(port));
    });
  });
}

function packs() {
  if (typeof flags.packs === 'string') return readPacks(resolve(flags.packs)) ?? packAll(resolve(flags.packs));
  const dir = mkdtempSync(join(tmpdir(), 'logflux-snippet-packs-'));
  cleanup.push(dir);
  return packAll(dir);
}

async function main() {
  const { snippets, problems } = collectSnippets(ROOT);
  for (const p of problems) tally.fail('marker', p);
  for (const p of checkGuide(readFileSync(join(ROOT, 'docs/getting-started.md'), 'utf8')))
    tally.fail('docs/getting-started.md names every step', p);
  if (problems.length === 0) tally.ok('markers', `${snippets.length} marked snippets; every @logflux code block has a marker`);
  const selected = snippets.filter((s) => typeof flags.only !== 'string' || s.id.includes(flags.only));
  const runs = selected.filter((s) => s.marker.kind === 'run');
  const browsers = selected.filter((s) => s.marker.kind === 'browser');
  for (const s of selected.filter((x) => x.marker.kind === 'skip' || x.marker.kind === 'fragment'))
    tally.note(`${s.marker.kind === 'skip' ? 'SKIPPED' : 'not run'} ${s.id}: ${s.marker.reason}`);

  const env0 = cleanEnv();
  const thirdParty = new Set(runs.concat(browsers).flatMap((s) => importedPackages(s.code)));
  if (runs.some((s) => s.marker.mode === 'ts')) thirdParty.add('tsx');
  if (browsers.length > 0) thirdParty.add('vite');
  const project = installProject(packs(), [...thirdParty].sort(), env0);
  if (flags.keep) console.log(`scratch project kept: ${project.dir}`);
  else cleanup.push(project.dir);
  tally.ok(
    'npm install',
    `the tarballs and ${thirdParty.size} packages the snippets import (${[...thirdParty].sort().join(', ')}) in ${project.seconds.toFixed(1)} s`,
  );

  keygen(project.dir, env0);
  const port = await freePort();
  const server = await serve(project.dir, env0, { allowOrigin: `http://localhost:${port}` });
  // What docs/getting-started.md tells the reader to set after `npx logflux serve`.
  const env = cleanEnv({ LOGFLUX_API_KEY: server.apiKey, LOGFLUX_ENDPOINT: server.url, LOGFLUX_PUBLIC_KEY_FILE: './logflux.pub.pem' });
  let lastId = 0;
  try {
    for (const snippet of runs) {
      const subject = `${snippet.id} (${snippet.marker.mode})`;
      try {
        const r = runSnippet(snippet, { dir: project.dir, env, afterId: lastId });
        lastId = r.lastId;
        if (r.problems.length === 0) tally.ok(subject, `${r.entries} entries read back and checked (${r.seconds.toFixed(1)} s)`);
        else tally.fail(subject, r.problems, r.output);
      } catch (error) {
        tally.fail(subject, error.message);
      }
    }
    for (const snippet of browsers) {
      const subject = `${snippet.id} (browser, Vite, Chromium)`;
      const started = Date.now();
      try {
        const r = await runBrowserSnippet(snippet, { dir: project.dir, env: env0, server, port, afterId: lastId });
        lastId = r.lastId;
        if (r.problems.length === 0) tally.ok(subject, `entries read back and checked (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        else tally.fail(subject, r.problems);
      } catch (error) {
        tally.fail(subject, error.message);
      }
    }
  } finally {
    await server.close();
  }
}

try {
  await main();
} catch (error) {
  tally.fail('snippets', error.message);
} finally {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
}
process.exitCode = tally.summary();
