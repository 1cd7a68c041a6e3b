import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) and peak RSS of a Linux process, from /proc. */
export function processStats(pid: number): { cpuSeconds: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  return { cpuSeconds: ticks / 100, peakRssMiB: Number(hwm?.[1] ?? 0) / 1024 };
}

/**
 * CPU milliseconds (user + system) of this process's main thread alone, from /proc (Linux; NaN
 * elsewhere). Unlike event-loop utilisation it does not count time the thread waited for a core.
 */
export function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}
