/** Memory: 1,000,000 log calls while the ingestor is down (after the handshake), in a fresh process (see memoryChild.ts). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, table } from './stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MiB = 1024 * 1024;

export async function benchMemory(): Promise<string> {
  const r = spawnSync(process.execPath, ['--conditions=logflux-src', '--import', 'tsx', 'bench/memoryChild.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`memory bench failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
  const drops = Object.entries(m.dropped as Record<string, number>).filter(([, n]) => n > 0);
  return table(
    `Memory, ${fmt(m.calls)} log calls while the ingestor is down (it dies right after the handshake; fresh process, queue budget ${fmt(m.queueBytes / MiB)} MiB, spool cap ${fmt(m.spoolBytes / MiB)} MiB)`,
    ['measure', 'value'],
    [
      ['RSS before the client (MiB)', fmt(m.before / MiB, 1)],
      ['peak RSS after 100,000 calls (MiB)', fmt(m.earlyPeak / MiB, 1)],
      ['peak RSS after 1,000,000 calls (MiB)', fmt(m.peak / MiB, 1)],
      ['growth over baseline (MiB)', fmt((m.peak - m.before) / MiB, 1)],
      ['queued at the end (entries / MiB)', `${fmt(m.queued.entries)} / ${fmt(m.queued.bytes / MiB, 1)}`],
      [
        'spooled at the end (entries / records / MiB on disk)',
        `${fmt(m.spool.entries)} / ${fmt(m.spool.records)} / ${fmt(m.spool.bytes / MiB, 1)}`,
      ],
      ['dropped, by reason', drops.map(([k, n]) => `${k} ${fmt(n)}`).join(', ') || 'none'],
      ['every call accounted for', `${fmt(m.accounted)} of ${fmt(m.calls)}`],
      ['seconds for 1M calls', fmt(m.seconds, 2)],
    ],
  );
}
