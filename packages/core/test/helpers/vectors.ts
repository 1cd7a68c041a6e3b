import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const VECTORS_DIR = fileURLToPath(new URL('../../../../test-vectors/', import.meta.url));

export function vectorFileNames(): string[] {
  return readdirSync(VECTORS_DIR)
    .filter((f) => f.endsWith('_test.json'))
    .sort();
}

export function readVectorFile(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${VECTORS_DIR}${name}`, 'utf8')) as Record<string, unknown>;
}

export function readKey(name: string): string {
  return readFileSync(`${VECTORS_DIR}keys/${name}`, 'utf8');
}
