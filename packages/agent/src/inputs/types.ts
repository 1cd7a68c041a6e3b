import type { Destination } from '../backpressure.js';
import type { InputConfig } from '../config/types.js';
import type { InputCounters } from '../counters.js';
import type { AgentLog } from '../log.js';

/** What an input needs from the agent. */
export interface InputDeps {
  destination: Destination;
  /** Kept across reloads, under the input's name. */
  counters: InputCounters;
  log: AgentLog;
  /** The shared secret TCP lines are checked against. */
  secret: () => string;
  /** Where the input may keep state (file positions). */
  stateDir: string;
  /** A stable random id of this agent installation (part of file chunk keys). */
  agentId: string;
}

/** A file's read position, as `logflux agent status` shows it. */
export interface FilePosition {
  path: string;
  /** Everything before this offset is forwarded (or spooled). */
  offset: number;
  size: number;
  /** Chunks sent and not yet confirmed. */
  inFlight: number;
  /** The file was rotated away and is read to its end. */
  rotated: boolean;
}

export interface RunningInput {
  readonly config: InputConfig;
  /** Where it listens (`127.0.0.1:5514`, `/tmp/logflux-agent.sock`), or what it follows. */
  readonly address: string;
  /**
   * Stops it. `drain`: hand over what was read and wait for its outcome (SIGTERM). Otherwise
   * (a reload that changed the input) stop accepting; open connections are served until they end.
   */
  stop(options: { drain: boolean }): Promise<void>;
  files?(): FilePosition[];
}
