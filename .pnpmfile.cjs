'use strict';
// pnpm hooks for this workspace.
//
// beforePacking (pnpm >= 10.28; runs on `pnpm pack` and `pnpm publish`, including through
// `changeset publish`): drops the in-repo `logflux-src` export condition from the packed
// package.json. Inside the repository that condition points packages at each other's TypeScript
// sources (`customConditions` in tsconfig.base.json, `--conditions=logflux-src` for node), but
// `src/` is not published, so it must not reach a published manifest.
// The pack-contents suite (scripts/packaging/contents.mjs) checks the packed manifests;
// docs/releasing.md explains. Editing this file changes pnpmfileChecksum in pnpm-lock.yaml:
// run `pnpm install` afterwards.

const DEV_CONDITION = 'logflux-src';

function withoutDevCondition(value) {
  if (Array.isArray(value)) return value.map(withoutDevCondition);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== DEV_CONDITION) out[key] = withoutDevCondition(inner);
  }
  return out;
}

module.exports = {
  hooks: {
    beforePacking(pkg) {
      if (pkg.exports !== undefined) pkg.exports = withoutDevCondition(pkg.exports);
      if (pkg.imports !== undefined) pkg.imports = withoutDevCondition(pkg.imports);
      return pkg;
    },
  },
};
