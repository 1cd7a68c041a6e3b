// pack-contents: what each packed tarball holds, and what its packed package.json says.
import { DEV_CONDITION, exportTargets, readTarball } from './workspace.mjs';

const RULES = [
  { what: 'a test file', test: (p) => /(^|\/)(test|tests|__tests__|__mocks__)\//.test(p) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(p) },
  { what: 'a test fixture', test: (p) => /(^|\/)(fixtures?|__fixtures__|test-vectors)\//.test(p) },
  { what: 'a key or certificate file', test: (p) => /\.(pem|key|p12|pfx|crt|der|jks)$/i.test(p) || /(^|\/)id_(rsa|ecdsa|ed25519)/.test(p) },
  { what: 'an environment file', test: (p) => /(^|\/)\.env(\.|$)/.test(p) },
  {
    what: 'TypeScript source (src/ is not published)',
    test: (p) => /^src\//.test(p) || (/\.[cm]?tsx?$/.test(p) && !/\.d\.[cm]?ts$/.test(p)),
  },
  {
    what: 'a build or tooling file',
    test: (p) =>
      /(^|\/)(node_modules|\.turbo|coverage)\//.test(p) ||
      /(^|\/)(tsconfig[^/]*\.json|tsup\.config\.[cm]?[jt]s|vitest\.config\.[cm]?[jt]s)$/.test(p),
  },
  { what: 'a build artefact that does not belong', test: (p) => /\.tsbuildinfo$|\.log$|(^|\/)\.DS_Store$/.test(p) },
];

// An actual private key (a PEM header followed by key material), not the header text as a constant.
const PRIVATE_KEY_BLOCK = /-----BEGIN (?:RSA |EC |ENCRYPTED |OPENSSH )?PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]{64,}-----END/;
const MANIFEST_PATH_FIELDS = ['main', 'module', 'types', 'typings', 'browser', 'unpkg', 'jsdelivr'];

/** The problems of one tarball; empty when it is fine. */
export function tarballProblems(pack) {
  const files = readTarball(pack.tarball);
  const problems = [];
  const paths = [...files.keys()];

  const manifestFile = files.get('package.json');
  if (!manifestFile) return { problems: ['package.json is missing from the tarball'], files };
  const manifest = JSON.parse(manifestFile.data.toString('utf8'));

  for (const required of ['README.md', 'LICENSE']) {
    if (!files.has(required)) problems.push(`${required} is missing (add it to the package directory; "files" must include it)`);
  }
  if (!paths.some((p) => p.startsWith('dist/'))) problems.push('dist/ is missing or empty (run the build before packing)');

  for (const p of paths) {
    const rule = RULES.find((r) => r.test(p));
    if (rule) problems.push(`${p} is ${rule.what} and must not be published`);
    else if (/\.([cm]?js|map|d\.[cm]?ts|json)$/.test(p) && PRIVATE_KEY_BLOCK.test(files.get(p).data.toString('utf8'))) {
      problems.push(`${p} contains a PEM private key`);
    }
  }

  // The packed manifest: no in-repo condition, no workspace ranges, and every path it names is in the tarball.
  const where = (path) => path.map((k) => `[${JSON.stringify(k)}]`).join('');
  for (const field of ['exports', 'imports']) {
    for (const { path, target } of exportTargets(manifest[field])) {
      if (path.includes(DEV_CONDITION)) {
        problems.push(
          `package.json ${field}${where(path)} still has the "${DEV_CONDITION}" condition; the .pnpmfile.cjs beforePacking hook strips it (pnpm >= 10.28 needed)`,
        );
        continue;
      }
      if (field === 'imports' && !target.startsWith('./')) continue;
      if (target.includes('*')) {
        const [head, tail] = target.replace(/^\.\//, '').split('*');
        if (!paths.some((p) => p.startsWith(head) && p.endsWith(tail)))
          problems.push(`package.json ${field}${where(path)}: ${target} matches no file`);
      } else if (!files.has(target.replace(/^\.\//, ''))) {
        problems.push(`package.json ${field}${where(path)} points at ${target}, which is not in the tarball`);
      }
    }
  }
  for (const field of MANIFEST_PATH_FIELDS) {
    const target = manifest[field];
    if (typeof target === 'string' && !files.has(target.replace(/^\.\//, ''))) {
      problems.push(`package.json "${field}" points at ${target}, which is not in the tarball`);
    }
  }
  const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
  for (const [command, target] of Object.entries(bins)) {
    const file = files.get(target.replace(/^\.\//, ''));
    if (!file) problems.push(`bin "${command}" points at ${target}, which is not in the tarball`);
    else if (!file.data.subarray(0, 2).equals(Buffer.from('#!')))
      problems.push(`bin "${command}" (${target}) does not start with a #! line`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|link|file|portal):/.test(range))
        problems.push(`${field}.${dep} is "${range}", which cannot be installed from a registry`);
    }
  }
  if (!manifest.license) problems.push('package.json has no "license"');
  if (manifest.name !== pack.name || manifest.version !== pack.version)
    problems.push('packed name/version differ from the workspace package.json');
  return { problems, files, manifest };
}

export function checkContents(packs, tally) {
  for (const pack of packs) {
    const { problems, files } = tarballProblems(pack);
    if (problems.length > 0) tally.fail(`${pack.name} tarball`, problems);
    else {
      const bytes = [...files.values()].reduce((n, f) => n + f.data.length, 0);
      tally.ok(`${pack.name} tarball`, `${files.size} files, ${(bytes / 1024).toFixed(0)} KiB unpacked`);
    }
  }
}
