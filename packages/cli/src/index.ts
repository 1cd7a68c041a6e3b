/** `@logflux/cli` as a library: run the `logflux` command in-process (used by tests and tools). */
export { runCli, HELP } from './cli.js';
export type { CommandIo } from './io.js';
