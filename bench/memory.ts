/** Memory: 1,000,000 log calls while the ingestor is down (after the handshake), in a fresh process (see memoryChild.ts). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultSealThreads } from '@logflux/node';
import { fmt, table } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MiB = 1024 * 1024;

/** What memoryChild.ts reports. */
interface MemoryReport {
  calls: number;
  seconds: number;
  before: number;
  peak: number;
  earlyPeak: number;
  queueBytes: number;
  spoolBytes: number;
  queued: { entries: number; bytes: number };
  spool: { entries: number; records: number; bytes: number };
  dropped: Record<string, number>;
  accounted: number;
}

function run(sealThreads: number): MemoryReport {
  const r = spawnSync(process.execPath, ['--conditions=logflux-src', '--import', 'tsx', 'bench/memoryChild.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, LOGFLUX_BENCH_SEAL_THREADS: String(sealThreads) },
  });
  if (r.status !== 0) throw new Error(`memory bench failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) as string) as MemoryReport;
}

export async function benchMemory(): Promise<string> {
  // The default sealing threads on this machine beside one thread and sealing on the main thread,
  // each in a fresh process.
  const shipped = defaultSealThreads();
  const counts = shipped === 1 ? [1, 0] : [shipped, 1, 0];
  const runs = counts.map(run);
  const m = runs[0] as MemoryReport;
  const col = (f: (x: MemoryReport) => string) => runs.map(f);
  const drops = (x: MemoryReport) =>
    Object.entries(x.dropped)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${k} ${fmt(n)}`)
      .join(', ') || 'none';
  return table(
    `Memory, ${fmt(m.calls)} log calls while the ingestor is down (it dies right after the handshake; fresh process, queue budget ${fmt(m.queueBytes / MiB)} MiB, spool cap ${fmt(m.spoolBytes / MiB)} MiB)`,
    ['measure', ...counts.map((n) => `sealThreads ${n}${n === shipped ? ' (default)' : ''}`)],
    [
      ['RSS before the client (MiB)', ...col((x) => fmt(x.before / MiB, 1))],
      ['peak RSS after 100,000 calls (MiB)', ...col((x) => fmt(x.earlyPeak / MiB, 1))],
      ['peak RSS after 1,000,000 calls (MiB)', ...col((x) => fmt(x.peak / MiB, 1))],
      ['growth over baseline (MiB)', ...col((x) => fmt((x.peak - x.before) / MiB, 1))],
      ['queued at the end (entries / MiB)', ...col((x) => `${fmt(x.queued.entries)} / ${fmt(x.queued.bytes / MiB, 1)}`)],
      [
        'spooled at the end (entries / records / MiB on disk)',
        ...col((x) => `${fmt(x.spool.entries)} / ${fmt(x.spool.records)} / ${fmt(x.spool.bytes / MiB, 1)}`),
      ],
      ['dropped, by reason', ...col(drops)],
      ['every call accounted for', ...col((x) => `${fmt(x.accounted)} of ${fmt(x.calls)}`)],
      ['seconds for 1M calls', ...col((x) => fmt(x.seconds, 2))],
    ],
  );
}
