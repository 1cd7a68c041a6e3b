import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./crashChild.ts', import.meta.url));

export interface CrashRun {
  durability: 'memory' | 'disk';
  /** Entries whose log call had returned when the kill was sent (the child said so). */
  logged: number;
  /** Entries the ingestor had acknowledged by then (the child's stats()). */
  acknowledged: number;
  /** Distinct entries of the stream stored after the restart. */
  stored: number;
  /** Logged entries (up to `logged`) not stored. */
  lost: number;
  /** Stored copies beyond the first. */
  duplicated: number;
  /** What the restarted process said (`done <acknowledged> spool <records left>`). */
  restart: string;
}

function child(args: string[], onLine: (line: string, kill: () => void) => void): Promise<void> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOGFLUX_')));
  const p = spawn(process.execPath, ['--conditions=logflux-src', '--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    env: clean,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  p.stdout.on('data', (d) => {
    buffered += d;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      onLine(buffered.slice(0, nl), () => p.kill('SIGKILL'));
      buffered = buffered.slice(nl + 1);
    }
  });
  return new Promise((resolve) => p.on('close', () => resolve()));
}

/**
 * A client process logging a stream is SIGKILLed once it has logged `killAt` of `count` entries,
 * then started again with the same spool directory (it replays what the first left); the stream's
 * entries are then read back from the ingestor, decrypted, and counted by id.
 */
export async function crashRun(o: {
  url: string;
  apiKey: string;
  spoolDir: string;
  durability: 'memory' | 'disk';
  tag: string;
  count: number;
  killAt: number;
  readBack: () => Promise<{ entries: Record<string, unknown>[] }>;
}): Promise<CrashRun> {
  let logged = 0;
  let acknowledged = 0;
  let killed = false;
  await child([o.url, o.apiKey, o.spoolDir, o.durability, 'stream', o.tag, String(o.count)], (line, kill) => {
    const m = /^logged (\d+) acked (\d+)$/.exec(line);
    if (!m || killed) return;
    logged = Number(m[1]);
    acknowledged = Number(m[2]);
    if (logged >= o.killAt) {
      killed = true;
      kill();
    }
  });
  let restart = '';
  await child([o.url, o.apiKey, o.spoolDir, o.durability, 'replay', o.tag, '0'], (line) => {
    restart = line;
  });
  const ids = new Map<string, number>();
  for (const e of (await o.readBack()).entries) {
    const id = (e.attributes as { id?: string } | undefined)?.id;
    if (id?.startsWith(`${o.tag}-`)) ids.set(id, (ids.get(id) ?? 0) + 1);
  }
  let lost = 0;
  for (let i = 0; i < logged; i++) if (!ids.has(`${o.tag}-${i}`)) lost++;
  const duplicated = [...ids.values()].reduce((n, c) => n + c - 1, 0);
  return { durability: o.durability, logged, acknowledged, stored: ids.size, lost, duplicated, restart };
}
