/** `@logflux/cli` as a library: run the `logflux` command in-process (used by tests and tools). */
export { HELP, runCli } from './cli.js';
export type { CommandIo } from './io.js';
