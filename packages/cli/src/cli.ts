import { AGENT_HELP, agentCommand } from './commands/agent.js';
import { CONFORMANCE_HELP, conformanceCommand } from './commands/conformance.js';
import { DECODE_HELP, decodeCommand } from './commands/decode.js';
import { EXPORT_HELP, exportCommand } from './commands/export.js';
import { KEYGEN_HELP, keygenCommand } from './commands/keygen.js';
import { MCP_HELP, mcpCommand } from './commands/mcp.js';
import { QUERY_HELP, queryCommand, tailCommand } from './commands/query.js';
import { SEND_HELP, sendCommand } from './commands/send.js';
import { SERVE_HELP, serveCommand } from './commands/serve.js';
import { SQL_HELP, sqlCommand } from './commands/sql.js';
import { VECTORS_HELP, vectorsCommand } from './commands/vectors.js';
import { cliDiagnostics } from './diagnostics.js';
import { type CommandIo, UsageError, write } from './io.js';

const COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<number>> = {
  keygen: keygenCommand,
  serve: serveCommand,
  query: queryCommand,
  tail: tailCommand,
  send: sendCommand,
  decode: decodeCommand,
  export: exportCommand,
  sql: sqlCommand,
  mcp: mcpCommand,
  vectors: vectorsCommand,
  conformance: conformanceCommand,
  agent: agentCommand,
};

export const HELP = `logflux — local tools for the LogFlux zero-knowledge log protocol

Commands:
${KEYGEN_HELP}

${SERVE_HELP}

${SEND_HELP}

${QUERY_HELP}

${EXPORT_HELP}

${SQL_HELP}

${MCP_HELP}

${DECODE_HELP}

${VECTORS_HELP}

${CONFORMANCE_HELP}

${AGENT_HELP}
`;

/** Runs the CLI with `args` (without the program name) and returns the exit code. */
export async function runCli(argv: string[], io: CommandIo): Promise<number> {
  let args = argv;
  try {
    // The agent reads --log-level itself (it also configures the agent's own logging).
    if (argv[0] !== 'agent') {
      const d = cliDiagnostics(argv, process.env, (line) => io.stderr.write(line));
      args = d.args;
      io = { ...io, log: d.log };
    }
  } catch (error) {
    await write(io.stderr, `logflux: ${(error as Error).message}\n`);
    return 2;
  }
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    await write(io.stdout, HELP);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`unknown command "${command}"; run "logflux help"`);
    return await run(rest, io);
  } catch (error) {
    // The reader went away (`logflux query | head`): nothing more to say, and nobody to say it to.
    if (isBrokenPipe(error)) return 0;
    const message =
      error instanceof UsageError || (error as { code?: string })?.code?.startsWith('ERR_PARSE_ARGS')
        ? (error as Error).message
        : `unexpected error: ${(error as Error)?.message ?? String(error)}`;
    await write(io.stderr, `logflux: ${message}\n`);
    return 2;
  }
}

/** EPIPE: the process reading our output has closed it. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as { code?: string })?.code === 'EPIPE';
}
