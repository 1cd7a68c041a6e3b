import { createSocket } from 'node:dgram';
import { createServer, type Socket } from 'node:net';
import type { SyslogTcpInputConfig, SyslogUdpInputConfig } from '../config/types.js';
import type { MappingContext } from '../mapping/common.js';
import { mapSyslog, parseSyslog } from '../mapping/syslog.js';
import { Forwarder } from './forwarder.js';
import { Connections, listenTcp } from './listen.js';
import { SyslogFramer } from './syslogFraming.js';
import type { InputDeps, RunningInput } from './types.js';

function mappingOf(config: SyslogUdpInputConfig | SyslogTcpInputConfig): MappingContext {
  return { ...(config.source ? { source: config.source } : {}), ...(config.attributes ? { attributes: config.attributes } : {}) };
}

/** Maps and forwards one syslog message; a cut message is still forwarded, marked `truncated`. */
function handler(config: SyslogUdpInputConfig | SyslogTcpInputConfig, deps: InputDeps, forwarder: Forwarder) {
  const ctx = mappingOf(config);
  return (text: string, truncated: boolean) => {
    deps.counters.received++;
    const entry = mapSyslog(parseSyslog(text), ctx);
    if (truncated) {
      deps.counters.truncated++;
      entry.attributes = { ...(entry.attributes as Record<string, string>), truncated: 'true' };
    }
    forwarder.push(entry, text.length);
  };
}

/** Syslog over TCP (RFC 6587 framing), RFC 5424 and RFC 3164 messages. Stops reading under backpressure. */
export async function startSyslogTcp(config: SyslogTcpInputConfig, deps: InputDeps): Promise<RunningInput> {
  const forwarder = new Forwarder(deps.destination, deps.counters, deps.log);
  const connections = new Connections(forwarder);
  const onMessage = handler(config, deps, forwarder);
  const server = createServer((socket: Socket) => {
    deps.counters.connections++;
    connections.add(socket);
    const framer = new SyslogFramer(config.framing, config.maxMessageBytes, onMessage);
    socket.on('data', (chunk: Buffer) => {
      framer.push(chunk);
      connections.afterData(socket);
    });
    socket.on('end', () => framer.end());
    socket.on('error', (error: NodeJS.ErrnoException) => deps.log.debug(`connection error (${error.code ?? 'error'})`));
  });
  server.on('error', (error: NodeJS.ErrnoException) => deps.log.error(`listener error (${error.code ?? error.message})`));
  const address = await listenTcp(server, config.host, config.port);
  deps.log.info(`listening on ${address} (syslog over TCP, ${config.framing} framing)`);
  return {
    config,
    address,
    async stop({ drain }) {
      // close() reports back only once every connection is gone: end them first when draining.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (!drain) return;
      await connections.closeAll();
      await closed;
      await forwarder.drain();
      connections.dispose();
      forwarder.dispose();
    },
  };
}

/**
 * Syslog over UDP: one message per datagram. UDP cannot be paused, so datagrams that arrive
 * while the destination's gate is closed are dropped and counted (`backpressure`).
 */
export async function startSyslogUdp(config: SyslogUdpInputConfig, deps: InputDeps): Promise<RunningInput> {
  const forwarder = new Forwarder(deps.destination, deps.counters, deps.log);
  const onMessage = handler(config, deps, forwarder);
  const socket = createSocket({ type: config.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  socket.on('message', (msg: Buffer) => {
    if (forwarder.paused) {
      deps.counters.received++;
      deps.counters.drop('backpressure');
      return;
    }
    const truncated = msg.length > config.maxMessageBytes;
    onMessage((truncated ? msg.subarray(0, config.maxMessageBytes) : msg).toString('utf8'), truncated);
  });
  socket.on('error', (error: NodeJS.ErrnoException) => deps.log.error(`socket error (${error.code ?? error.message})`));
  const address = await new Promise<string>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: config.host, port: config.port }, () => {
      socket.removeListener('error', reject);
      const a = socket.address();
      resolve(`${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`);
    });
  });
  deps.log.info(`listening on ${address} (syslog over UDP)`);
  return {
    config,
    address,
    async stop({ drain }) {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
      if (drain) await forwarder.drain();
      forwarder.dispose();
    },
  };
}
