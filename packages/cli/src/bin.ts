import { isBrokenPipe, runCli } from './cli.js';
import { processIo } from './io.js';

// `logflux query | head`: when the reader closes the pipe, stop quietly instead of crashing with
// "write EPIPE" (the output it wanted has been written).
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error) => {
    if (isBrokenPipe(error)) process.exit(process.exitCode ?? 0);
    throw error;
  });

process.exitCode = await runCli(process.argv.slice(2), processIo());
