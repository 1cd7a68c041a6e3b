import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

/**
 * A web project as an npm user has it: @logflux/browser and @logflux/core installed from their
 * packed tarballs (what `npm publish` would upload), and a page — the bundled variant of
 * examples/browser (esm/) — built by Vite or by esbuild with code splitting.
 */

export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const PACKAGES = ['core', 'browser'];

export interface Pack {
  name: string;
  dir: string;
  tarball: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * The tarballs of @logflux/core and @logflux/browser: from `packsDir` (the `pack` step of
 * scripts/packaging, as `pnpm test` runs it) when given, else built and packed now.
 */
export function browserPacks(packsDir = process.env.LOGFLUX_PACKS): Pack[] {
  if (packsDir && existsSync(join(packsDir, 'packs.json'))) {
    const all = JSON.parse(readFileSync(join(packsDir, 'packs.json'), 'utf8')) as Pack[];
    return all.filter((p) => PACKAGES.includes(p.dir));
  }
  const dest = mkdtempSync(join(tmpdir(), 'logflux-browser-packs-'));
  return PACKAGES.map((dir) => {
    const cwd = join(ROOT, 'packages', dir);
    run('pnpm', ['run', 'build'], cwd);
    const out = run('pnpm', ['pack', '--pack-destination', dest, '--json'], cwd);
    const filename = (JSON.parse(out.slice(out.indexOf('{'))) as { filename: string }).filename;
    return { name: `@logflux/${dir}`, dir, tarball: resolve(dest, basename(filename)) };
  });
}

/** Environment for pnpm in the scratch project: none of this repository's pnpm/npm settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_(registry|cache|store_dir|userconfig)$/i.test(k)) continue;
    if (k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return env;
}

/**
 * A scratch project outside the repository with the tarballs installed (their other dependencies
 * come from the registry, or pnpm's store) and examples/browser's page.js and esm/ copied in.
 */
export function installProject(packs: readonly Pack[]): string {
  const project = mkdtempSync(join(tmpdir(), 'logflux-browser-app-'));
  const deps = Object.fromEntries(packs.map((p) => [p.name, `file:${p.tarball}`]));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'logflux-browser-app', private: true, type: 'module', dependencies: deps, pnpm: { overrides: deps } }, null, 2),
  );
  run('pnpm', ['install', '--ignore-workspace', '--no-frozen-lockfile', '--prefer-offline', '--reporter=append-only'], project, cleanEnv());
  cpSync(join(ROOT, 'examples/browser/page.js'), join(project, 'page.js'));
  cpSync(join(ROOT, 'examples/browser/esm'), join(project, 'esm'), { recursive: true });
  return project;
}

export type Bundler = 'vite' | 'esbuild';

export interface BuiltPage {
  bundler: Bundler;
  /** The output directory: index.html and the scripts. */
  dir: string;
  /** Files (relative to `dir`) of the entry script and everything it imports statically: the first chunk. */
  firstChunk: string[];
}

/** Builds `entryDir`'s index.html page (default the project's esm/) with Vite, defaults only. */
async function buildVite(project: string, entryDir: string): Promise<BuiltPage> {
  const { build } = await import('vite');
  const dir = entryDir === join(project, 'esm') ? join(project, 'dist-vite') : join(entryDir, 'dist');
  const result = await build({ root: entryDir, logLevel: 'error', configFile: false, build: { outDir: dir, emptyOutDir: true } });
  const output = (Array.isArray(result) ? result[0] : result) as {
    output: { type: string; fileName: string; isEntry?: boolean; imports?: string[] }[];
  };
  const chunks = new Map(output.output.filter((o) => o.type === 'chunk').map((o) => [o.fileName, o]));
  const firstChunk: string[] = [];
  const visit = (file: string) => {
    if (firstChunk.includes(basename(file))) return;
    firstChunk.push(basename(file));
    for (const i of chunks.get(file)?.imports ?? []) visit(i);
  };
  for (const c of chunks.values()) if (c.isEntry) visit(c.fileName);
  return { bundler: 'vite', dir, firstChunk };
}

/**
 * Builds the page with esbuild as an application would: ESM with code splitting, minified, and
 * index.html copied with its script pointing at the bundle; `.wasm` files the code refers to with
 * `new URL(…, import.meta.url)` copied beside the chunks (esbuild does not emit them).
 */
async function buildEsbuild(project: string, entryDir: string): Promise<BuiltPage> {
  const dir = join(project, 'dist-esbuild');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await esbuild({
    entryPoints: { main: join(entryDir, 'main.js') },
    absWorkingDir: project,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    outdir: dir,
    metafile: true,
    logLevel: 'error',
  });
  cpSync(join(entryDir, 'index.html'), join(dir, 'index.html'));
  // The zstd chunk fetches zstd.wasm beside itself (payload type 2 only).
  const zstd = createRequire(realpathSync(join(project, 'node_modules/@logflux/core/package.json'))).resolve('@bokuweb/zstd-wasm');
  cpSync(join(dirname(zstd), '../web/zstd.wasm'), join(dir, 'zstd.wasm'));
  const outputs = result.metafile.outputs;
  const rel = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const entry = Object.keys(outputs).find((k) => outputs[k]?.entryPoint?.endsWith('main.js')) as string;
  const firstChunk: string[] = [];
  const visit = (file: string) => {
    if (firstChunk.includes(rel(file))) return;
    firstChunk.push(rel(file));
    for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement') visit(i.path);
  };
  visit(entry);
  return { bundler: 'esbuild', dir, firstChunk };
}

export function buildPage(project: string, bundler: Bundler, entryDir = join(project, 'esm')): Promise<BuiltPage> {
  return bundler === 'vite' ? buildVite(project, entryDir) : buildEsbuild(project, entryDir);
}
