import { connect, createServer, type Server } from 'node:net';
import type { InputType } from './config/types.js';
import type { CountersSnapshot } from './counters.js';
import { listenUnix } from './inputs/listen.js';
import type { FilePosition } from './inputs/types.js';
import type { SinkStatus } from './sink.js';

export interface InputStatus {
  name: string;
  type: InputType;
  destination: string;
  address: string;
  counters: CountersSnapshot;
  files?: FilePosition[];
}

/** What `logflux agent status` prints: counters only, never content or secrets. */
export interface AgentStatus {
  pid: number;
  startedAt: string;
  runtimeDir: string;
  stateDir: string;
  /** Whether file chunks are delivered exactly once (every destination's client has writeBatch). */
  exactlyOnce: boolean;
  destinations: SinkStatus[];
  inputs: InputStatus[];
  /** process.memoryUsage() of the agent, in bytes. */
  memory: { rss: number; heapUsed: number; external: number; arrayBuffers: number };
}

/** Serves the status as one JSON line to whoever connects to the control socket (mode 0600). */
export async function serveStatus(path: string, status: () => AgentStatus): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    socket.end(`${JSON.stringify(status())}\n`);
  });
  await listenUnix(server, path, 0o600);
  return server;
}

/** Asks a running agent for its status through its control socket. */
export function requestStatus(path: string, timeoutMs = 5000): Promise<AgentStatus> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      text += d;
    });
    socket.on('end', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(text) as AgentStatus);
      } catch {
        reject(new Error(`${path} did not answer with a status`));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        new Error(
          error.code === 'ENOENT' || error.code === 'ECONNREFUSED'
            ? `no agent is running (nothing listens on ${path})`
            : `${path}: ${error.code}`,
        ),
      );
    });
  });
}

function counts(record: Record<string, number>): string {
  const parts = Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k}=${n}`);
  return parts.length > 0 ? parts.join(' ') : '-';
}

/** The status as a few aligned lines per input and destination. */
export function formatStatus(s: AgentStatus): string {
  const lines = [
    `logflux agent, pid ${s.pid}, up since ${s.startedAt}; delivery of files: ${s.exactlyOnce ? 'exactly once' : 'at least once'}; memory ${Math.round(s.memory.rss / 1048576)} MiB`,
    '',
    'input                 type        received  forwarded    spooled  dropped (by reason)',
  ];
  for (const i of s.inputs) {
    const c = i.counters;
    lines.push(
      `${i.name.padEnd(21)} ${i.type.padEnd(10)} ${String(c.received).padStart(9)} ${String(c.forwarded).padStart(10)} ${String(c.spooled).padStart(10)}  ${counts(c.dropped)}`,
    );
    const extra = [
      `at ${i.address}`,
      c.salvaged ? `salvaged ${c.salvaged}` : '',
      c.truncated ? `truncated ${c.truncated}` : '',
      c.unparsed ? `unparsed ${c.unparsed}` : '',
      Object.keys(c.refused ?? {}).length > 0 ? `refused requests: ${counts(c.refused)}` : '',
    ].filter(Boolean);
    lines.push(`  ${extra.join(', ')}`);
    for (const f of i.files ?? [])
      lines.push(
        `  ${f.path}: offset ${f.offset} of ${f.size}${f.inFlight ? `, ${f.inFlight} chunks in flight` : ''}${f.rotated ? ' (rotated)' : ''}`,
      );
  }
  lines.push('', 'destination           transport   handshake  acknowledged   queued  spooled (records/entries)  dropped');
  for (const d of s.destinations) {
    lines.push(
      `${d.name.padEnd(21)} ${d.transport.padEnd(11)} ${d.handshake.padEnd(10)} ${String(d.acknowledged).padStart(12)} ${String(d.queued.entries).padStart(8)}  ${`${d.spool.records}/${d.spool.entries}`.padStart(10)}                 ${counts(d.dropped)}`,
    );
    if (d.lastError) lines.push(`  last error: ${d.lastError}`);
  }
  return `${lines.join('\n')}\n`;
}
