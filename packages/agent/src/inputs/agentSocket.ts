import { rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { TcpInputConfig, UnixInputConfig } from '../config/types.js';
import { AgentLineReader } from './agentLines.js';
import { Forwarder } from './forwarder.js';
import { LineSplitter } from './lineSplitter.js';
import { Connections, listenTcp, listenUnix } from './listen.js';
import type { InputDeps, RunningInput } from './types.js';

/**
 * The agent protocol of the official Ruby, PHP and C SDKs: newline-delimited JSON entries on a
 * Unix stream socket or TCP, fire and forget. Nothing is ever written back, and a bad line never
 * closes the connection (the C SDK sends without MSG_NOSIGNAL: a closed socket could kill the app).
 * On TCP, a line's `shared_secret` is checked in constant time; lines without one are accepted
 * only where `acceptWithoutSecret` (default: loopback) allows.
 */
export async function startAgentSocket(config: UnixInputConfig | TcpInputConfig, deps: InputDeps): Promise<RunningInput> {
  const { counters, log } = deps;
  const forwarder = new Forwarder(deps.destination, counters, log);
  const connections = new Connections(forwarder);
  const secrets =
    config.type === 'tcp' ? { expected: deps.secret, acceptWithoutSecret: config.acceptWithoutSecret } : { acceptWithoutSecret: true };
  const mapping = { ...(config.source ? { source: config.source } : {}), ...(config.attributes ? { attributes: config.attributes } : {}) };
  const ctx = () => mapping;

  const onConnection = (socket: Socket) => {
    counters.connections++;
    connections.add(socket);
    const reader = new AgentLineReader(ctx, secrets, counters, (entry, bytes) => forwarder.push(entry, bytes));
    const splitter = new LineSplitter(config.maxLineBytes, (text, truncated) => reader.line(text, truncated));
    socket.on('data', (chunk: Buffer) => {
      splitter.push(chunk);
      connections.afterData(socket);
    });
    socket.on('end', () => {
      splitter.end();
      reader.end();
    });
    // Resets and the like end this connection only; nothing is written, so nothing can raise SIGPIPE here.
    socket.on('error', (error: NodeJS.ErrnoException) => log.debug(`connection error (${error.code ?? 'error'})`));
  };
  const server: Server = createServer({ pauseOnConnect: false }, onConnection);
  server.maxConnections = 4096;
  server.on('error', (error: NodeJS.ErrnoException) => log.error(`listener error (${error.code ?? error.message})`));
  let address: string;
  if (config.type === 'unix') {
    await listenUnix(server, config.path, config.mode, config.group);
    address = config.path;
  } else {
    address = await listenTcp(server, config.host, config.port);
  }
  log.info(
    `listening on ${address} (agent protocol${config.type === 'tcp' ? `, lines without a secret ${config.acceptWithoutSecret ? 'accepted' : 'refused'}` : ''})`,
  );

  return {
    config,
    address,
    async stop({ drain }) {
      // close() reports back only once every connection is gone: end them first when draining.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (config.type === 'unix') rmSync(config.path, { force: true });
      if (!drain) return;
      await connections.closeAll();
      await closed;
      await forwarder.drain();
      connections.dispose();
      forwarder.dispose();
    },
  };
}
