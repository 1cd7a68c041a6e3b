import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { AnalysisError } from './types.js';

/** What `--since-last` resumes from, kept beside the output as `<out>.state.json`. */
export interface ExportState {
  version: 1;
  format: 'parquet' | 'ndjson';
  /** The highest stored id covered so far (exported, filtered out or failed). */
  last_id: number;
  /** Entries written to the output over every run. */
  exported: number;
  /** The filters the output was made with; a resumed run must use the same. */
  filters: string;
  updated_at: string;
}

export const statePath = (out: string) => `${out}.state.json`;

export function readExportState(out: string): ExportState | undefined {
  let text: string;
  try {
    text = readFileSync(statePath(out), 'utf8');
  } catch {
    return undefined;
  }
  let state: ExportState;
  try {
    state = JSON.parse(text) as ExportState;
  } catch {
    throw new AnalysisError(`${statePath(out)} is not valid JSON; delete it to export everything again`);
  }
  if (state.version !== 1 || !Number.isSafeInteger(state.last_id) || state.last_id < 0) {
    throw new AnalysisError(`${statePath(out)} is not an export state this version understands; delete it to export everything again`);
  }
  return state;
}

/** Writes a file atomically: a temporary file beside it (mode 0600), then a rename. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

export function writeExportState(out: string, state: ExportState): void {
  writeFileAtomic(statePath(out), `${JSON.stringify(state, null, 2)}\n`);
}
