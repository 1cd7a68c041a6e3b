// Runs one `run esm|cjs|ts` snippet as written in the scratch project, and checks what it logged.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLines, run } from '../packaging/workspace.mjs';
import { checkEntries, parseExpect } from './expect.mjs';
import { query } from './ingestor.mjs';

const TIMEOUT_MS = 60_000;
const DEFAULT_FILE = { esm: 'app.mjs', cjs: 'app.cjs', ts: 'app.ts' };

/** The command that runs a file of this mode: Node itself, or tsx for TypeScript (installed in the project). */
function command(mode, file) {
  return mode === 'ts' ? ['npx', ['tsx', file]] : ['node', [file]];
}

/**
 * Writes the snippet into the project, runs it with the environment the guide sets up, waits for
 * it to end, and reads back the entries stored since `afterId`. Returns `{ problems, lastId, seconds }`.
 */
export function runSnippet(snippet, { dir, env, afterId }) {
  const file = snippet.marker.file ?? DEFAULT_FILE[snippet.marker.mode];
  writeFileSync(join(dir, file), snippet.code);
  const [cmd, args] = command(snippet.marker.mode, file);
  const started = Date.now();
  const r = run(cmd, args, { cwd: dir, env, timeout: TIMEOUT_MS });
  const seconds = (Date.now() - started) / 1000;
  const output = lastLines(`${r.stdout}${r.stderr}`, 20);
  const problems = [];
  if (r.signal) problems.push(`\`${cmd} ${args.join(' ')}\` did not end within ${TIMEOUT_MS / 1000} s (killed: ${r.signal})`);
  else if (r.status !== 0) problems.push(`\`${cmd} ${args.join(' ')}\` exited ${r.status}`);
  const stored = query(dir, env).filter((row) => row.id > afterId);
  const lastId = Math.max(afterId, ...stored.map((row) => row.id));
  problems.push(
    ...checkEntries(
      parseExpect(snippet.marker.expect),
      stored.map((row) => row.entry),
    ),
  );
  return { problems, output: problems.length ? output : [], lastId, seconds, entries: stored.length };
}
