import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest `test-vectors/` walking up from the working directory, then from this file; undefined
 * when there is none (an npm install: the vectors, 3.6 MB, are not in the package).
 */
export function findVectorsDir(starts: readonly string[] = [process.cwd(), dirname(fileURLToPath(import.meta.url))]): string | undefined {
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'test-vectors');
      if (existsSync(join(candidate, 'README.md'))) return candidate;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}
