import { parseArgs } from 'node:util';
import { type CommandIo, UsageError, write } from '../io.js';

export const AGENT_HELP = `logflux agent [--config agent.json] [--log-level info] [--check]
logflux agent status [--config agent.json | --runtime-dir DIR] [--json]

Runs the LogFlux Agent: it collects logs from the agent protocol of the official SDKs (Unix
socket, TCP), syslog (UDP, TCP), HTTP and files, seals them on this host and forwards them to the
ingestor (docs/agent.md). SIGHUP reloads the config, SIGTERM drains and exits. --log-level (or
LOG_LEVEL): error, warn, info, debug, trace. --check only validates the config.
"status" prints each input's counters (received, forwarded, spooled, dropped by reason) and file
positions, asked from the running agent through its control socket.`;

async function loadAgent() {
  try {
    return await import('@logflux/agent');
  } catch (error) {
    throw new UsageError(`the agent package (@logflux/agent) cannot be loaded: ${(error as Error).message}`);
  }
}

export async function agentCommand(args: string[], io: CommandIo): Promise<number> {
  const status = args[0] === 'status';
  const { values } = parseArgs({
    args: status ? args.slice(1) : args,
    options: {
      config: { type: 'string', short: 'c' },
      'log-level': { type: 'string' },
      'runtime-dir': { type: 'string' },
      check: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return write(io.stdout, `${AGENT_HELP}\n`).then(() => 0);
  const agent = await loadAgent();
  const configPath = values.config ?? 'agent.json';
  if (status) {
    let runtimeDir = values['runtime-dir'];
    if (!runtimeDir) {
      try {
        runtimeDir = values.config ? agent.loadConfig(configPath).runtimeDir : agent.defaultRuntimeDir();
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
    }
    let s: Awaited<ReturnType<typeof agent.requestStatus>>;
    try {
      s = await agent.requestStatus(`${runtimeDir}/agent.status.sock`);
    } catch (error) {
      await write(io.stderr, `logflux agent status: ${(error as Error).message}\n`);
      return 1;
    }
    await write(io.stdout, values.json ? `${JSON.stringify(s, null, 2)}\n` : agent.formatStatus(s));
    return 0;
  }
  if (values.check) {
    try {
      const config = agent.loadConfig(configPath);
      await write(
        io.stdout,
        `${configPath}: valid (${config.inputs.length} inputs, ${Object.keys(config.destinations).length} destinations)\n`,
      );
      return 0;
    } catch (error) {
      await write(io.stderr, `logflux agent: ${(error as Error).message}\n`);
      return 2;
    }
  }
  return agent.runAgent({
    configPath,
    ...(values['log-level'] ? { logLevel: values['log-level'] } : {}),
    write: (line) => io.stderr.write(line),
  });
}
