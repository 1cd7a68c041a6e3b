import { Agent } from './agent.js';
import { AgentConfigError } from './config/fields.js';
import { loadConfig } from './config/validate.js';
import { capYoungGeneration } from './heapLimits.js';
import { AgentLog, resolveLogLevel } from './log.js';

export interface RunAgentOptions {
  /** The JSON config file. */
  configPath: string;
  /** `--log-level`, overriding `LOG_LEVEL` and the config. */
  logLevel?: string;
  /** Where diagnostics go (default stderr). */
  write?: (line: string) => void;
  /** Ends the agent like SIGTERM (tests, embedding). */
  signal?: AbortSignal;
  /** Called once every input listens. */
  onStarted?: (agent: Agent) => void;
}

/**
 * Runs the agent until SIGTERM or SIGINT (drain, then exit 0). SIGHUP reloads the config file;
 * a config that does not validate is reported and the running one kept. Resolves with the exit
 * code: 0 after a clean stop, 2 for a bad configuration, 1 when it could not start.
 */
export async function runAgent(options: RunAgentOptions): Promise<number> {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const level = () => resolveLogLevel(options.logLevel, process.env.LOG_LEVEL, undefined);
  let log = new AgentLog(level(), write);
  let agent: Agent;
  // The agent owns this process: its young generations stay small (heapLimits.ts).
  capYoungGeneration();
  try {
    const config = loadConfig(options.configPath);
    log = new AgentLog(resolveLogLevel(options.logLevel, process.env.LOG_LEVEL, config.logLevel), write);
    agent = await Agent.start(config, log);
  } catch (error) {
    log.error(error instanceof AgentConfigError ? `configuration: ${error.message}` : `could not start: ${(error as Error).message}`);
    return error instanceof AgentConfigError ? 2 : 1;
  }
  options.onStarted?.(agent);
  let reloading = Promise.resolve();
  let cleanup = () => {};
  const onHup = () => {
    reloading = reloading.then(async () => {
      log.info('SIGHUP: reloading the configuration');
      try {
        const next = loadConfig(options.configPath);
        next.logLevel = resolveLogLevel(options.logLevel, process.env.LOG_LEVEL, next.logLevel);
        await agent.reload(next);
      } catch (error) {
        log.error(`reload refused, the running configuration stays: ${(error as Error).message}`);
      }
    });
  };
  await new Promise<void>((resolve) => {
    const stop = (why: string) => () => {
      log.info(`${why}: draining and stopping`);
      resolve();
    };
    const onTerm = stop('SIGTERM');
    const onInt = stop('SIGINT');
    process.on('SIGHUP', onHup);
    process.once('SIGTERM', onTerm);
    process.once('SIGINT', onInt);
    cleanup = () => {
      process.removeListener('SIGTERM', onTerm);
      process.removeListener('SIGINT', onInt);
    };
    if (options.signal?.aborted) stop('stop requested')();
    else options.signal?.addEventListener('abort', stop('stop requested'), { once: true });
  });
  process.removeListener('SIGHUP', onHup);
  cleanup();
  await reloading;
  await agent.stop();
  return 0;
}
