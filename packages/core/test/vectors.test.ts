import { portableProviders, rsaModulusBits } from '@logflux/core';
import { runVectorFile } from '@logflux/core/conformance';
import { describe, expect, it } from 'vitest';
import { readVectorFile, vectorFileNames } from './helpers/vectors.js';

describe('test vectors with the portable providers', () => {
  const names = vectorFileNames();

  it('finds every vector file', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
  });

  for (const name of names) {
    it(name, async () => {
      const file = readVectorFile(name);
      const result = await runVectorFile(file, portableProviders(), name);
      expect(result.failures).toEqual([]);
      expect(result.passed).toBe(file.numberOfTests);
    });
  }
});

describe('public-key vectors with the DER walker instead of Web Crypto', () => {
  it('public_key_test.json passes with rsaModulusBits (the key-size reading outside secure contexts)', async () => {
    const file = readVectorFile('public_key_test.json');
    const result = await runVectorFile(file, { ...portableProviders(), rsaModulusBits }, 'public_key_test.json');
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(file.numberOfTests);
  });
});
