import { createDiagnostics, DIAGNOSTIC_LEVELS, diagnosticLevel } from '@logflux/core';
import { describe, expect, it } from 'vitest';

describe('diagnostics levels', () => {
  it('prints a level and everything less verbose, prefixed, never failing on a broken sink', () => {
    for (const level of DIAGNOSTIC_LEVELS) {
      const lines: string[] = [];
      const d = createDiagnostics(level, (m) => lines.push(m));
      for (const l of DIAGNOSTIC_LEVELS) d[l](l);
      expect(lines).toEqual(DIAGNOSTIC_LEVELS.slice(0, DIAGNOSTIC_LEVELS.indexOf(level) + 1).map((l) => `logflux: ${l}`));
      expect(d.enabled('error')).toBe(true);
      expect(d.enabled('trace')).toBe(level === 'trace');
    }
    const broken = createDiagnostics('trace', () => {
      throw new Error('sink');
    });
    expect(() => broken.error('x')).not.toThrow();
  });

  it('picks logLevel, else debug: true, else warn', () => {
    expect(diagnosticLevel(undefined, undefined)).toBe('warn');
    expect(diagnosticLevel(undefined, true)).toBe('debug');
    expect(diagnosticLevel('trace', false)).toBe('trace');
    expect(diagnosticLevel('error', true)).toBe('error');
  });
});
