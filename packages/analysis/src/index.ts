/**
 * `@logflux/analysis`: local analysis of decrypted LogFlux entries. Typed export to Parquet or
 * NDJSON, read-only DuckDB SQL over a `logs` table, and a Model Context Protocol server with
 * read-only tools on stdio or loopback HTTP. It takes entries the caller already decrypted (the
 * `logflux` CLI does that) and never sees a key.
 */

export { type LoadResult, LogDatabase, type LogDatabaseOptions } from './database.js';
export { type ExportFormat, type ExportOptions, type ExportSummary, exportEntries } from './export.js';
export { type ExportState, readExportState, statePath } from './exportState.js';
export { formatResult, RESULT_FORMATS, type ResultFormat } from './formatResult.js';
export { MAX_FIELD_CHARS, MAX_RESULT_CHARS } from './mcp/bounded.js';
export { type McpHttpOptions, type McpHttpServer, startMcpHttp } from './mcp/http.js';
export { type McpServeOptions, type RunningMcp, serveMcp } from './mcp/serve.js';
export { ANALYSIS_VERSION, createLogServer, type LogToolsOptions, ToolQueue } from './mcp/server.js';
export { Progress, type ProgressCounts } from './progress.js';
export { NotReadOnlyError, runReadOnlySql, type SqlLimits, type SqlResult, safeSqlError } from './readOnlySql.js';
export { LEVEL_NAMES, LOG_COLUMNS, type LogColumn } from './schema.js';
export { querySql, type SqlOptions, type SqlRun } from './sql.js';
export { AnalysisError, type DecryptedEntry, type EntryBatch, type EntryFailure, type EntrySource } from './types.js';
export type { Plain } from './values.js';
