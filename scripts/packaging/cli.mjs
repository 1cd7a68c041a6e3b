#!/usr/bin/env node
// Packaging checks over the published packages (every packages/* that is not private), run by
// scripts/test-all.mjs after the build. Each command prints one line per check and ends with
// "N passed, N failed".
//
//   node scripts/packaging/cli.mjs pack <dir>                   pack every published package into <dir>
//   node scripts/packaging/cli.mjs publint [--packs=<dir>]      publint on each tarball
//   node scripts/packaging/cli.mjs attw [--packs=<dir>]         are-the-types-wrong on each tarball
//   node scripts/packaging/cli.mjs pack-contents [--packs=<dir>]
//   node scripts/packaging/cli.mjs packed-install [--packs=<dir>]
//   node scripts/packaging/cli.mjs api-report [--update]        API Extractor reports (needs dist)
//   node scripts/packaging/cli.mjs changesets [--base=<ref>]    pending changesets cover changed src
//
// Without --packs, the tarball commands pack into a temporary directory first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packAll, parseArgs, readPacks, Tally } from './workspace.mjs';

const [command, ...rest] = process.argv.slice(2);
const { flags, positional } = parseArgs(rest);
const tally = new Tally();
const cleanup = [];

function packs() {
  if (typeof flags.packs === 'string') {
    const found = readPacks(resolve(flags.packs));
    if (found) return found;
    return packAll(resolve(flags.packs));
  }
  const dir = mkdtempSync(join(tmpdir(), 'logflux-packs-'));
  cleanup.push(dir);
  return packAll(dir);
}

try {
  switch (command) {
    case 'pack': {
      const dest = resolve(positional[0] ?? 'packs');
      for (const p of packAll(dest)) console.log(`packed ${p.name} → ${p.tarball}`);
      process.exitCode = 0;
      break;
    }
    case 'publint': {
      const { checkPublint } = await import('./publint.mjs');
      await checkPublint(packs(), tally);
      process.exitCode = tally.summary();
      break;
    }
    case 'attw': {
      const { checkAttw } = await import('./attw.mjs');
      checkAttw(packs(), tally);
      process.exitCode = tally.summary();
      break;
    }
    case 'pack-contents': {
      const { checkContents } = await import('./contents.mjs');
      checkContents(packs(), tally);
      process.exitCode = tally.summary();
      break;
    }
    case 'packed-install': {
      const { checkPackedInstall } = await import('./install.mjs');
      await checkPackedInstall(packs(), tally, { keep: flags.keep === true });
      process.exitCode = tally.summary();
      break;
    }
    case 'api-report': {
      const { checkApiReports } = await import('./apiReport.mjs');
      checkApiReports(tally, { update: flags.update === true });
      process.exitCode = tally.summary();
      break;
    }
    case 'changesets': {
      const { checkChangesets } = await import('./changesets.mjs');
      checkChangesets(tally, { base: typeof flags.base === 'string' ? flags.base : process.env.CHANGESET_BASE || undefined });
      process.exitCode = tally.summary();
      break;
    }
    default:
      console.error(`unknown command ${command ?? '(none)'}: see the header of scripts/packaging/cli.mjs`);
      process.exitCode = 2;
  }
} catch (error) {
  console.log(`${command}: ${error.stack ?? error}`);
  tally.failed++;
  process.exitCode = tally.summary();
} finally {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
}
