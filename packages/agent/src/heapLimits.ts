import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags the agent sets for its own process (`v8.setFlagsFromString`) before its clients start.
 * V8 sizes the young generation of an isolate (16 MiB semi-spaces on 64-bit) when the isolate
 * is created, so flags set at run time cannot lower it for the running main thread. Two flags
 * still act: `--semi-space-growth-factor=1`, which V8 reads whenever it would grow a young
 * generation — the main thread's and every sealing thread's stay at their initial 1 MiB
 * semi-spaces instead of growing to 16 MiB under a steady stream of entries — and
 * `--max-semi-space-size`, which caps the isolates started later (the sealing threads).
 * Entries wait for their acknowledgement for longer than a young generation of any size lasts
 * at these rates, so they are promoted either way; the young generation only holds garbage.
 */
export const HEAP_FLAGS = ['--semi-space-growth-factor=1', '--max-semi-space-size=2'] as const;

/** Whether the operator set the young generation's size (NODE_OPTIONS or a flag of node). */
export function youngGenerationSetByUser(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): boolean {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((a) => /^--(max|min)-semi-space-size|^--semi-space-growth-factor/.test(a));
}

/**
 * Applies {@link HEAP_FLAGS} unless the operator chose young-generation flags of their own:
 * called by {@link runAgent}, which owns the process. Returns whether it applied them.
 */
export function capYoungGeneration(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS): boolean {
  if (youngGenerationSetByUser(execArgv, nodeOptions)) return false;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
  return true;
}
