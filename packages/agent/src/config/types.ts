/** Diagnostic levels of the agent's own log (`--log-level`, `LOG_LEVEL`). */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Where entries go: one `@logflux/node` client per destination. */
export interface DestinationConfig {
  /** Ingestor base URL (https, or http on loopback); without it the API key's region is discovered. */
  endpoint?: string;
  /** A file holding the API key (first line). Recommended; the key never belongs in the config. */
  apiKeyFile?: string;
  /** The environment variable holding the API key (default `LOGFLUX_API_KEY` when no file is given). */
  apiKeyEnv?: string;
  /** The pin: the customer's public key as a PEM file. */
  publicKeyFile?: string;
  /** The pin as a `SHA256:…` fingerprint (or a PEM text). */
  publicKey?: string;
  /** `source` of entries that carry none of their own (default `logflux-agent`). */
  source?: string;
  node?: string;
  environment?: string;
  release?: string;
  /** Attributes added to every entry of this destination. */
  attributes?: Record<string, string>;
  /** The encrypted outage spool (default on, in `<stateDir>/spool/<destination>`, 256 MiB), or false. */
  spool?: false | { dir?: string; maxBytes?: number };
  /** 1 gzip (default) or 2 zstd. */
  payloadType?: 1 | 2;
  /** Bound of the client's in-memory queue, in entries (default 20,000). */
  maxQueueEntries?: number;
  /** Bound of the client's in-memory queue, in bytes (default 32 MiB). */
  maxQueueBytes?: number;
  maxBatchEntries?: number;
  maxBatchBytes?: number;
  flushIntervalMs?: number;
  /** Requests in flight at once (default 4). */
  maxConcurrentRequests?: number;
  /** Sealing threads (default 1; `@logflux/node` alone starts 2 on two cores). */
  sealThreads?: number;
}

interface InputBase {
  /** Unique name, used in counters and `logflux agent status` (default `<type>-<index>`). */
  name: string;
  /** Destination name (default: the only one, or `default`). */
  destination: string;
  /** `source` of entries that carry none (default: the destination's). */
  source?: string;
  /** Attributes added to every entry of this input. */
  attributes?: Record<string, string>;
}

interface NetworkInputBase extends InputBase {
  /** Interface to listen on (default 127.0.0.1). Anything but loopback needs `allowExternal`. */
  host: string;
  port: number;
  allowExternal: boolean;
}

/** The agent protocol (newline-delimited JSON) on a Unix stream socket. */
export interface UnixInputConfig extends InputBase {
  type: 'unix';
  /** Socket path (default `/tmp/logflux-agent.sock`, where the official SDKs look). */
  path: string;
  /** File mode of the socket (default 0o600; 0o660 with `group`). */
  mode: number;
  /** Group (name or id) that may connect. */
  group?: string | number;
  maxLineBytes: number;
}

/** The agent protocol on TCP. */
export interface TcpInputConfig extends NetworkInputBase {
  type: 'tcp';
  /** Whether a line without `shared_secret` is accepted (default: only on a loopback address). */
  acceptWithoutSecret: boolean;
  maxLineBytes: number;
}

export type SyslogFraming = 'auto' | 'octet_counting' | 'newline';

export interface SyslogUdpInputConfig extends NetworkInputBase {
  type: 'syslog_udp';
  maxMessageBytes: number;
}

export interface SyslogTcpInputConfig extends NetworkInputBase {
  type: 'syslog_tcp';
  /** RFC 6587 framing: decided per message by its first byte (`auto`, default), or fixed. */
  framing: SyslogFraming;
  maxMessageBytes: number;
}

export interface HttpInputConfig extends NetworkInputBase {
  type: 'http';
  /** Path that accepts `POST` (default `/`). */
  path: string;
  /** File or environment variable holding the bearer token required of every request. */
  bearerTokenFile?: string;
  bearerTokenEnv?: string;
  maxBodyBytes: number;
}

export type FileParser = 'plain' | 'json' | 'nginx_combined' | 'apache_combined' | 'nginx_error' | 'docker';

export interface FileInputConfig extends InputBase {
  type: 'file';
  /** Paths or globs (`*`, `?`, `**`, `[abc]`) of the files to follow by name. */
  paths: string[];
  /** Globs of paths to leave alone. */
  exclude: string[];
  parser: FileParser;
  /** Joins lines into one entry: a line matching `start` begins an entry, others continue it. */
  multiline?: { start: string; timeoutMs: number };
  maxLineBytes: number;
  /** Where a file found at the very first start is read from (default `beginning`). */
  startAt: 'beginning' | 'end';
  /** Level of entries whose parser finds none (default 7, info). */
  level: number;
  pollIntervalMs: number;
  /** How long a rotated-away file is still read after its last growth (default 5 s). */
  rotateWaitMs: number;
  /** Bytes of a file per delivery chunk (default 256 KiB). */
  chunkBytes: number;
  /** Chunks of one file in flight at once (default 8). */
  maxInFlightChunks: number;
  /** Bytes at the start of a file that identify it across renames and copies (default 1024). */
  fingerprintBytes: number;
}

export type InputConfig =
  | UnixInputConfig
  | TcpInputConfig
  | SyslogUdpInputConfig
  | SyslogTcpInputConfig
  | HttpInputConfig
  | FileInputConfig;

export type InputType = InputConfig['type'];

/** A validated agent configuration, defaults filled in and paths absolute. */
export interface AgentConfig {
  /** Read positions, the agent id and (by default) the spool. */
  stateDir: string;
  /** PID file, shared-secret file and status socket (default: where the official C SDK looks). */
  runtimeDir: string;
  logLevel: LogLevel;
  destinations: Record<string, DestinationConfig>;
  /** Stream inputs pause when a destination's queue is this full (0..1), resume below `lowWater`. */
  backpressure: { highWater: number; lowWater: number };
  inputs: InputConfig[];
}
