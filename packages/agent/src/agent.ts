import type { Server } from 'node:net';
import { Destination } from './backpressure.js';
import type { AgentConfig, InputConfig } from './config/types.js';
import { InputCounters } from './counters.js';
import { startFileInput } from './files/fileInput.js';
import { startAgentSocket } from './inputs/agentSocket.js';
import { startHttp } from './inputs/http.js';
import { startSyslogTcp, startSyslogUdp } from './inputs/syslog.js';
import type { InputDeps, RunningInput } from './inputs/types.js';
import { AgentLog } from './log.js';
import { prepareRuntime, type Runtime } from './runtime.js';
import { createSink, type Sink } from './sink.js';
import { type AgentStatus, serveStatus } from './status.js';

function startInput(config: InputConfig, deps: InputDeps): Promise<RunningInput> {
  switch (config.type) {
    case 'unix':
    case 'tcp':
      return startAgentSocket(config, deps);
    case 'syslog_udp':
      return startSyslogUdp(config, deps);
    case 'syslog_tcp':
      return startSyslogTcp(config, deps);
    case 'http':
      return startHttp(config, deps);
    case 'file':
      return startFileInput(config, deps);
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The LogFlux Agent: inputs → mapping → one `@logflux/node` client per destination. Built with
 * {@link Agent.start}; `reload` applies a new configuration (unchanged inputs keep running and
 * their connections stay open), `stop` drains and stops everything.
 */
export class Agent {
  readonly #destinations = new Map<string, Destination>();
  readonly #inputs = new Map<string, RunningInput>();
  readonly #counters = new Map<string, InputCounters>();
  readonly #startedAt = new Date().toISOString();
  #status: Server | undefined;
  #stopping: Promise<void> | undefined;

  private constructor(
    private config: AgentConfig,
    private readonly runtime: Runtime,
    readonly log: AgentLog,
  ) {}

  /** Prepares the runtime and state directories, starts the clients, inputs and status socket. */
  static async start(config: AgentConfig, log = new AgentLog(config.logLevel)): Promise<Agent> {
    const runtime = prepareRuntime(config.runtimeDir, config.stateDir);
    const agent = new Agent(config, runtime, log);
    try {
      for (const [name, dest] of Object.entries(config.destinations)) agent.#addDestination(name, dest);
      for (const input of config.inputs) await agent.#startInput(input);
      agent.#status = await serveStatus(runtime.statusPath, () => agent.status());
    } catch (error) {
      await agent.stop();
      throw error;
    }
    log.info(`started: ${config.inputs.length} inputs, ${config.destinations ? Object.keys(config.destinations).length : 0} destinations`);
    return agent;
  }

  get secretPath(): string {
    return this.runtime.secretPath;
  }

  #addDestination(name: string, dest: AgentConfig['destinations'][string]): void {
    const sink = createSink(name, dest, this.config.stateDir, this.log.child(`destination:${name}`));
    this.#destinations.set(name, new Destination(name, sink, this.config.backpressure));
  }

  async #startInput(config: InputConfig): Promise<void> {
    const destination = this.#destinations.get(config.destination);
    if (!destination) throw new Error(`input ${config.name}: no destination ${config.destination}`);
    let counters = this.#counters.get(config.name);
    if (!counters) {
      counters = new InputCounters();
      this.#counters.set(config.name, counters);
    }
    const log = this.log.child(`input:${config.name}`);
    try {
      const input = await startInput(config, {
        destination,
        counters,
        log,
        secret: () => this.runtime.secret,
        stateDir: this.config.stateDir,
        agentId: this.runtime.agentId,
      });
      this.#inputs.set(config.name, input);
    } catch (error) {
      throw new Error(`input ${config.name}: ${(error as Error).message}`);
    }
  }

  /**
   * Applies a new configuration: changed or removed inputs stop (their open connections are
   * served until they end), new ones start, changed destinations get a new client while the old
   * one delivers what it holds. The directories take effect only after a restart.
   */
  async reload(next: AgentConfig): Promise<void> {
    if (next.stateDir !== this.config.stateDir || next.runtimeDir !== this.config.runtimeDir)
      this.log.warn('stateDir and runtimeDir changes take effect after a restart');
    this.log.setLevel(next.logLevel);
    const previous = this.config;
    // New clients first, all of them: a destination that cannot start (a missing key file) refuses the whole reload.
    const fresh = new Map<string, Sink>();
    try {
      for (const [name, dest] of Object.entries(next.destinations)) {
        if (this.#destinations.has(name) && same(previous.destinations[name], dest)) continue;
        fresh.set(name, createSink(name, dest, previous.stateDir, this.log.child(`destination:${name}`)));
      }
    } catch (error) {
      await Promise.all([...fresh.values()].map((s) => s.close()));
      throw error;
    }
    this.config = { ...next, stateDir: previous.stateDir, runtimeDir: previous.runtimeDir };
    const retired: Promise<unknown>[] = [];
    for (const [name, sink] of fresh) {
      const current = this.#destinations.get(name);
      if (current) {
        retired.push(current.sink.close());
        current.sink = sink;
      } else this.#destinations.set(name, new Destination(name, sink, next.backpressure));
    }
    const wanted = new Map(next.inputs.map((i) => [i.name, i]));
    for (const [name, input] of [...this.#inputs]) {
      const cfg = wanted.get(name);
      if (cfg && same(cfg, input.config)) continue;
      this.#inputs.delete(name);
      await input.stop({ drain: input.config.type === 'file' });
      this.log.info(`input ${name} ${cfg ? 'changed' : 'removed'}`);
    }
    for (const cfg of next.inputs) {
      if (this.#inputs.has(cfg.name)) continue;
      try {
        await this.#startInput(cfg);
      } catch (error) {
        this.log.error((error as Error).message);
      }
    }
    for (const [name, dest] of [...this.#destinations]) {
      if (next.destinations[name]) continue;
      this.#destinations.delete(name);
      retired.push(dest.sink.close());
      dest.gate.dispose();
    }
    await Promise.all(retired);
    this.log.info(`reloaded: ${this.#inputs.size} inputs, ${this.#destinations.size} destinations`);
  }

  status(): AgentStatus {
    const destinations = [...this.#destinations.values()].map((d) => d.sink.status());
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    return {
      memory: { rss, heapUsed, external, arrayBuffers },
      pid: process.pid,
      startedAt: this.#startedAt,
      runtimeDir: this.runtime.runtimeDir,
      stateDir: this.runtime.stateDir,
      exactlyOnce: destinations.every((d) => d.exactlyOnce),
      destinations,
      inputs: [...this.#inputs.values()].map((i) => ({
        name: i.config.name,
        type: i.config.type,
        destination: i.config.destination,
        address: i.address,
        counters: (this.#counters.get(i.config.name) as InputCounters).snapshot(),
        ...(i.files ? { files: i.files() } : {}),
      })),
    };
  }

  /** Stops accepting, hands over what was read, delivers (or spools) it, and releases the runtime files. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await Promise.all([...this.#inputs.values()].map((i) => i.stop({ drain: true }).catch(() => undefined)));
      for (const [name, c] of this.#counters) {
        const dropped = Object.entries(c.dropped).map(([k, v]) => `${k}=${v}`);
        this.log.info(
          `input ${name}: received ${c.received}, forwarded ${c.forwarded}, spooled ${c.spooled}${dropped.length ? `, dropped ${dropped.join(' ')}` : ''}`,
        );
      }
      this.#inputs.clear();
      const results = await Promise.all([...this.#destinations.values()].map((d) => d.sink.close().catch(() => undefined)));
      for (const d of this.#destinations.values()) d.gate.dispose();
      const pending = results.reduce((n, r) => n + (r?.pending ?? 0), 0);
      if (pending > 0) this.log.warn(`${pending} entries were neither delivered nor spooled at exit`);
      await new Promise<void>((resolve) => (this.#status ? this.#status.close(() => resolve()) : resolve()));
      this.runtime.release();
      this.log.info('stopped');
    })();
    return this.#stopping;
  }
}
