import { describe, expect, it } from 'vitest';
import { loadAnalysis } from '../src/analysisLoader.js';
import { UsageError } from '../src/io.js';

describe('loadAnalysis', () => {
  it('loads the optional @logflux/analysis package when it is installed', async () => {
    const analysis = await loadAnalysis('sql');
    expect(typeof analysis.exportEntries).toBe('function');
    expect(typeof analysis.serveMcp).toBe('function');
  });

  it('names the package and how to install it when it is missing', async () => {
    const error = await loadAnalysis('export', '@logflux/not-installed-here').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      '"logflux export" needs the optional package @logflux/analysis (DuckDB, Parquet and MCP), which is not installed.\n' +
        'Install it beside @logflux/cli: npm install @logflux/analysis   (global CLI: npm install -g @logflux/analysis)',
    );
  });
});
