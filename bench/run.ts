/**
 * `pnpm bench`: every benchmark, printed as tables of medians. Benchmarks never run as timed
 * tests; their figures are quoted from one run of this command.
 *   pnpm bench              all
 *   pnpm bench ingest       only the named ones
 */
import { cpus } from 'node:os';
import { benchAgent } from './agent.js';
import { benchAnalysis } from './analysis.js';
import { benchBrowser } from './browser.js';
import { benchBrowserLoad } from './browserLoad.js';
import { benchContext } from './context.js';
import { benchDurability } from './durability.js';
import { benchEncode } from './encode.js';
import { benchEndToEnd } from './endToEnd.js';
import { benchIngest } from './ingest.js';
import { benchLoggers } from './loggers.js';
import { benchMemory } from './memory.js';
import { benchWire } from './wire.js';

const BENCHMARKS: Record<string, () => Promise<string>> = {
  encode: benchEncode,
  wire: benchWire,
  e2e: benchEndToEnd,
  memory: benchMemory,
  ingest: benchIngest,
  loggers: benchLoggers,
  context: benchContext,
  browser: benchBrowser,
  'browser-load': benchBrowserLoad,
  analysis: benchAnalysis,
  agent: benchAgent,
  durability: benchDurability,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
console.log(`LogFlux benchmarks — Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString()}`);
for (const [name, run] of Object.entries(BENCHMARKS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(await run());
}
