import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const KEYS_DIR = fileURLToPath(new URL('../../test-vectors/keys/', import.meta.url));
export const readKey = (name: string) => readFileSync(`${KEYS_DIR}${name}`, 'utf8');
