import { UsageError } from './io.js';

export type AnalysisModule = typeof import('@logflux/analysis');

/** The package that holds DuckDB and the MCP server; an optional peer of @logflux/cli. */
export const ANALYSIS_PACKAGE = '@logflux/analysis';

/**
 * Loads `@logflux/analysis` on demand, so the CLI itself stays small. When it is not installed the
 * message names the package and the command that installs it. `specifier` exists for tests.
 */
export async function loadAnalysis(command: string, specifier?: string): Promise<AnalysisModule> {
  try {
    return specifier === undefined ? await import('@logflux/analysis') : ((await import(specifier)) as AnalysisModule);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const wanted = specifier ?? ANALYSIS_PACKAGE;
    if ((e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && String(e.message).includes(wanted)) {
      throw new UsageError(
        `"logflux ${command}" needs the optional package ${ANALYSIS_PACKAGE} (DuckDB, Parquet and MCP), which is not installed.\n` +
          `Install it beside @logflux/cli: npm install ${ANALYSIS_PACKAGE}   (global CLI: npm install -g ${ANALYSIS_PACKAGE})`,
      );
    }
    throw new UsageError(`${ANALYSIS_PACKAGE} is installed but could not be loaded: ${e.message?.split('\n')[0]}`);
  }
}
