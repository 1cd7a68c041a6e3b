/**
 * `@logflux/agent`: the LogFlux Agent. It collects logs from the agent protocol of the official
 * SDKs (Unix socket, TCP), syslog (UDP, TCP), HTTP and files, seals them on this host with the
 * `@logflux/node` client pipeline (the service only ever sees ciphertext) and forwards them with
 * nothing lost. Run it with `logflux agent --config agent.json`; see docs/agent.md.
 */

export { Agent } from './agent.js';
export { DEFAULT_UNIX_SOCKET, defaultRuntimeDir, defaultStateDir, isLoopback } from './config/defaults.js';
export { AgentConfigError } from './config/fields.js';
export type {
  AgentConfig,
  DestinationConfig,
  FileInputConfig,
  FileParser,
  HttpInputConfig,
  InputConfig,
  InputType,
  LogLevel,
  SyslogFraming,
  SyslogTcpInputConfig,
  SyslogUdpInputConfig,
  TcpInputConfig,
  UnixInputConfig,
} from './config/types.js';
export { LOG_LEVELS, loadConfig, validateConfig } from './config/validate.js';
export type { CountersSnapshot } from './counters.js';
export type { FilePosition } from './inputs/types.js';
export { AgentLog, resolveLogLevel } from './log.js';
export { type RunAgentOptions, runAgent } from './run.js';
export type { SinkStatus } from './sink.js';
export { type AgentStatus, formatStatus, type InputStatus, requestStatus } from './status.js';
