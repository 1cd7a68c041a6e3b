// api-report: API Extractor reports of every typed entry point of every published package, built
// from the .d.ts files in dist/ (so: after the build), compared with the committed reports in
// packages/<dir>/api/<name>.api.md. `--update` rewrites them (`pnpm api:update`).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { publishedPackages, ROOT, run, unscoped } from './workspace.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const { Extractor, ExtractorConfig } = require('@microsoft/api-extractor');
const TYPESCRIPT = dirname(require.resolve('typescript/package.json'));

/** The declaration file an exports value gives ESM consumers (import → types, or types). */
function typesOf(value) {
  if (typeof value === 'string') return /\.d\.[cm]?ts$/.test(value) ? value : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (typeof value.types === 'string') return value.types;
  for (const key of ['import', 'default', 'node']) {
    const found = value[key] === undefined ? undefined : typesOf(value[key]);
    if (found) return found;
  }
  return undefined;
}

/** One report per typed entry point: `core` for ".", `core-conformance` for "./conformance". */
export function reportEntries(pkg) {
  const base = unscoped(pkg.name);
  const exportsField = pkg.manifest.exports;
  const map =
    exportsField === undefined
      ? { '.': { types: pkg.manifest.types ?? pkg.manifest.typings } }
      : typeof exportsField === 'string' || Object.keys(exportsField).some((k) => !k.startsWith('.'))
        ? { '.': exportsField }
        : exportsField;
  const entries = [];
  for (const [subpath, value] of Object.entries(map)) {
    if (subpath === './package.json' || subpath.includes('*')) continue;
    const dts = typesOf(value);
    if (!dts) continue;
    const name = subpath === '.' ? base : `${base}-${subpath.slice(2).replaceAll('/', '-')}`;
    entries.push({ subpath, name, dts: join(pkg.path, dts), report: join(pkg.path, 'api', `${name}.api.md`) });
  }
  return entries;
}

function extract(pkg, entry, outDir) {
  const configObject = {
    projectFolder: pkg.path,
    mainEntryPointFilePath: entry.dts,
    bundledPackages: [],
    compiler: {
      overrideTsconfig: {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          module: 'ESNext',
          moduleResolution: 'Bundler',
          strict: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        files: [entry.dts],
      },
    },
    apiReport: { enabled: true, reportFileName: entry.name, reportFolder: outDir, reportTempFolder: join(outDir, 'temp') },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    newlineKind: 'lf',
    messages: {
      compilerMessageReporting: { default: { logLevel: 'error' } },
      extractorMessageReporting: {
        default: { logLevel: 'none' },
        // Types the API uses but no entry point exports: kept as warnings inside the report.
        'ae-forgotten-export': { logLevel: 'none', addToApiReportFile: true },
        'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
      },
      tsdocMessageReporting: { default: { logLevel: 'none' } },
    },
  };
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: undefined,
    packageJsonFullPath: join(pkg.path, 'package.json'),
  });
  const errors = [];
  const result = Extractor.invoke(config, {
    localBuild: true,
    typescriptCompilerFolder: TYPESCRIPT,
    messageCallback(message) {
      if (message.logLevel === 'error')
        errors.push(`${message.messageId}: ${message.text}${message.sourceFilePath ? ` (${message.sourceFilePath})` : ''}`);
      message.handled = true;
    },
  });
  const generated = join(outDir, `${entry.name}.api.md`);
  if (!result.succeeded && errors.length === 0) errors.push(`API Extractor failed (${result.errorCount} errors)`);
  // Warnings API Extractor cannot attach to a declaration name their place in dist/: a hashed chunk
  // file and a line number that move with any edit. Keep the warning, drop the place.
  if (existsSync(generated)) {
    writeFileSync(generated, readFileSync(generated, 'utf8').replace(/^\/\/ \S+\.d\.[cm]?ts:\d+:\d+ - /gm, '// '));
  }
  return { errors, generated };
}

function shortDiff(committed, generated) {
  const r = run('git', ['diff', '--no-index', '--no-color', '--unified=1', committed, generated]);
  const lines = r.stdout.split('\n').filter((l) => !/^(diff --git|index |--- |\+\+\+ )/.test(l));
  return lines.length > 60 ? [...lines.slice(0, 60), `… ${lines.length - 60} more diff lines`] : lines;
}

export function checkApiReports(tally, { update = false } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'logflux-api-report-'));
  try {
    for (const pkg of publishedPackages()) {
      const entries = reportEntries(pkg);
      const apiDir = join(pkg.path, 'api');
      const expected = new Set(entries.map((e) => `${e.name}.api.md`));
      for (const entry of entries) {
        const subject = `${pkg.name}${entry.subpath === '.' ? '' : entry.subpath.slice(1)} API report`;
        const rel = relative(ROOT, entry.report);
        if (!existsSync(entry.dts)) {
          tally.fail(subject, `${relative(ROOT, entry.dts)} is missing: run \`pnpm build\` first`);
          continue;
        }
        const outDir = join(scratch, pkg.dir);
        mkdirSync(outDir, { recursive: true });
        const { errors, generated } = extract(pkg, entry, outDir);
        if (errors.length > 0 || !existsSync(generated)) {
          tally.fail(subject, errors.length > 0 ? errors : ['API Extractor wrote no report']);
          continue;
        }
        const fresh = readFileSync(generated, 'utf8');
        const committed = existsSync(entry.report) ? readFileSync(entry.report, 'utf8') : undefined;
        if (committed === fresh) tally.ok(subject, `${rel} is up to date`);
        else if (update) {
          mkdirSync(apiDir, { recursive: true });
          copyFileSync(generated, entry.report);
          tally.ok(subject, `${rel} ${committed === undefined ? 'written' : 'updated'}`);
        } else if (committed === undefined) {
          tally.fail(subject, `${rel} does not exist: run \`pnpm api:update\` and commit it`);
        } else {
          tally.fail(
            subject,
            `the public API differs from ${rel}. If the change is intended, run \`pnpm api:update\` and commit the report (and add a changeset). The difference (- committed, + built):`,
            shortDiff(entry.report, generated),
          );
        }
      }
      // Reports of entry points that no longer exist.
      if (existsSync(apiDir)) {
        for (const file of readdirSync(apiDir).filter((f) => f.endsWith('.api.md') && !expected.has(f))) {
          const rel = relative(ROOT, join(apiDir, file));
          if (update) {
            rmSync(join(apiDir, file));
            tally.ok(`${pkg.name} API report`, `${rel} removed (no such entry point any more)`);
          } else tally.fail(`${pkg.name} API report`, `${rel} belongs to no entry point of the package: run \`pnpm api:update\``);
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
