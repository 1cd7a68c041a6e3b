import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module of the test scripts, without types
import { checkGuide, GUIDE_STEPS } from '../guide.mjs';

const ROOT = join(import.meta.dirname, '../../..');

describe('docs/getting-started.md names every step', () => {
  it('names each step the snippet suite takes before running a snippet', () => {
    expect(checkGuide(readFileSync(join(ROOT, 'docs/getting-started.md'), 'utf8'))).toEqual([]);
  });

  it('says which step a guide leaves out', () => {
    const problems = checkGuide('npm install @logflux/node\nnpx logflux keygen\n');
    expect(problems).toHaveLength(GUIDE_STEPS.length - 2);
    expect(problems[0]).toMatch(/^does not install the CLI/);
  });
});
