// changesets: a published package whose src/ changed carries a pending changeset.
//
// The rule (docs/releasing.md):
//   - With a base (`--base=<ref>` or CHANGESET_BASE, e.g. origin/main in a pull request): every
//     published package with a file under src/ changed between the merge base and the work tree
//     must be named by a changeset added or edited in that same range.
//   - Without one (CI on a clean clone of main): every published package with a file under src/
//     changed since its last release must be named by a pending changeset. Its last release is the
//     tag `<name>@<version>` when it exists, else the last commit that changed the "version" line
//     of its package.json (`changeset version` does that); a package never committed has changed
//     entirely.
// Every pending changeset must also parse: known published packages, bumps major/minor/patch, and
// a summary (it becomes the CHANGELOG.md entry).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publishedPackages, ROOT, run } from './workspace.mjs';

const CHANGESET_DIR = join(ROOT, '.changeset');

function git(args) {
  const r = run('git', args);
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

const lines = (text) => text.split('\n').filter(Boolean);

/** { file, packages: Map<name, bump>, summary, problems } for one .changeset/*.md. */
export function parseChangeset(file) {
  const text = readFileSync(file, 'utf8');
  const problems = [];
  const packages = new Map();
  const m = /^---\r?\n([\s\S]*?)\r?\n?---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) return { file, packages, summary: '', problems: ['no front matter (--- "name": bump --- summary)'] };
  for (const line of lines(m[1])) {
    const entry = /^\s*(["']?)([^"':]+)\1\s*:\s*(\S+)\s*$/.exec(line);
    if (!entry) problems.push(`cannot read front matter line ${JSON.stringify(line)}`);
    else packages.set(entry[2], entry[3]);
  }
  return { file, packages, summary: m[2].trim(), problems };
}

function pendingChangesets() {
  if (!existsSync(CHANGESET_DIR)) return [];
  return readdirSync(CHANGESET_DIR)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => parseChangeset(join(CHANGESET_DIR, f)));
}

/** Files under `dir` changed between `ref` and the work tree (committed, staged, unstaged, untracked). */
function changedSince(ref, dir) {
  const tracked = ref ? lines(git(['diff', '--name-only', ref, '--', dir])) : lines(git(['ls-files', '--', dir]));
  const untracked = lines(git(['ls-files', '--others', '--exclude-standard', '--', dir]));
  return [...new Set([...tracked, ...untracked])];
}

/** Where a package was last released: its tag, or the last commit that set its version. */
function releasePoint(pkg) {
  const tag = `${pkg.name}@${pkg.version}`;
  if (run('git', ['rev-parse', '--quiet', '--verify', `refs/tags/${tag}^{commit}`]).status === 0)
    return { ref: tag, since: `since tag ${tag}` };
  const manifest = relative(ROOT, join(pkg.path, 'package.json'));
  const commit = git(['log', '-1', '--format=%h %s', '-G', '"version"[[:space:]]*:', '--', manifest]);
  if (!commit) return { ref: undefined, since: 'in a package never committed (new)' };
  const [hash, ...words] = commit.split(' ');
  const subject = words.join(' ');
  const short = subject.length > 50 ? `${subject.slice(0, 50)}…` : subject;
  return { ref: hash, since: `since ${hash} ("${short}"), which set version ${pkg.version}` };
}

export function checkChangesets(tally, { base } = {}) {
  if (run('git', ['rev-parse', '--is-inside-work-tree']).status !== 0) {
    tally.fail('changesets', 'not a git work tree: the rule compares src/ with the last release in git history');
    return;
  }
  if (git(['rev-parse', '--is-shallow-repository']) === 'true') {
    console.log('      note: a shallow clone; a release point older than its history cannot be found (fetch with --unshallow)');
  }
  const packages = publishedPackages();
  const names = new Set(packages.map((p) => p.name));
  const pending = pendingChangesets();

  for (const cs of pending) {
    const problems = [...cs.problems];
    for (const [name, bump] of cs.packages) {
      if (!names.has(name)) problems.push(`names ${name}, which is not a published package of this repository`);
      if (!['major', 'minor', 'patch'].includes(bump)) problems.push(`bump "${bump}" for ${name} is not major, minor or patch`);
    }
    if (cs.packages.size === 0 && cs.problems.length === 0) problems.push('names no package');
    if (cs.summary === '') problems.push('has no summary (it becomes the CHANGELOG.md entry)');
    const subject = `changeset ${relative(ROOT, cs.file)}`;
    if (problems.length > 0) tally.fail(subject, problems);
    else tally.ok(subject, [...cs.packages].map(([n, b]) => `${n} ${b}`).join(', '));
  }

  let covering = pending;
  let mergeBase;
  if (base) {
    mergeBase = git(['merge-base', base, 'HEAD']);
    const touched = new Set(changedSince(mergeBase, '.changeset').map((f) => join(ROOT, f)));
    covering = pending.filter((cs) => touched.has(cs.file));
    console.log(`      rule: src/ changed since the merge base with ${base} (${mergeBase.slice(0, 12)}) needs a changeset added there`);
  } else {
    console.log('      rule: src/ changed since the package was last released needs a pending changeset (no --base/CHANGESET_BASE given)');
  }

  for (const pkg of packages) {
    const src = relative(ROOT, join(pkg.path, 'src'));
    const point = base ? { ref: mergeBase, since: `since the merge base with ${base}` } : releasePoint(pkg);
    const changed = changedSince(point.ref, src);
    const subject = `${pkg.name} changeset`;
    if (changed.length === 0) {
      tally.ok(subject, `src/ unchanged ${point.since}`);
      continue;
    }
    const naming = covering.filter((cs) => cs.packages.has(pkg.name)).map((cs) => relative(ROOT, cs.file));
    if (naming.length > 0) tally.ok(subject, `${changed.length} src file(s) changed ${point.since}; covered by ${naming.join(', ')}`);
    else {
      tally.fail(
        subject,
        `${changed.length} file(s) under ${src}/ changed ${point.since} (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''}) ` +
          `but no ${base ? 'changeset added since then' : 'pending changeset'} names ${pkg.name}: run \`pnpm changeset\`, pick ${pkg.name}, and describe the change for its users`,
      );
    }
  }
}
