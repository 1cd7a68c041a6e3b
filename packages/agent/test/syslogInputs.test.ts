import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSyslogTcp, startSyslogUdp } from '../src/inputs/syslog.js';
import { until } from './helpers/fakeSink.js';
import { inputDeps } from './helpers/inputDeps.js';

const net = { destination: 'default', host: '127.0.0.1', port: 0, allowExternal: false };

function udp(port: number, messages: string[]): Promise<void> {
  const s = createSocket('udp4');
  return Promise.all(messages.map((m) => new Promise<void>((r) => s.send(m, port, '127.0.0.1', () => r())))).then(() => {
    s.close();
  });
}

describe('syslog over UDP', () => {
  it('maps one message per datagram, and counts datagrams dropped while the destination is full', async () => {
    const deps = inputDeps();
    const input = await startSyslogUdp({ ...net, type: 'syslog_udp', name: 'u', maxMessageBytes: 100 }, deps);
    const port = Number(input.address.split(':')[1]);
    await udp(port, ['<11>1 2026-11-22T09:30:00Z h app - - - first', `<14>Dec  1 10:00:00 h app: ${'y'.repeat(200)}`]);
    await until(() => deps.sink.stored.length === 2);
    deps.sink.fullness = 1;
    deps.destination.gate.check();
    await udp(port, ['<14>1 - - - - - - while full']);
    await until(() => deps.counters.dropped.backpressure === 1);
    await input.stop({ drain: true });
    deps.destination.gate.dispose();
    expect(deps.sink.stored[0]).toMatchObject({ level: 4, source: 'app', message: 'first' });
    expect(deps.sink.stored[1]?.attributes).toMatchObject({ truncated: 'true' });
    expect(deps.counters.snapshot()).toMatchObject({ received: 3, forwarded: 2, truncated: 1, dropped: { backpressure: 1 } });
  });
});

describe('syslog over TCP', () => {
  it('reads octet-counted and newline-framed messages from the same connection', async () => {
    const deps = inputDeps();
    const input = await startSyslogTcp({ ...net, type: 'syslog_tcp', name: 't', framing: 'auto', maxMessageBytes: 1000 }, deps);
    const port = Number(input.address.split(':')[1]);
    const m = '<165>1 2026-11-22T09:30:00Z web app 1 ID [x@1 a="b"] octet counted';
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => s.end(`${Buffer.byteLength(m)} ${m}<13>Dec  1 10:00:00 web cron[9]: by newline\n`));
      s.on('close', () => resolve());
    });
    await until(() => deps.sink.stored.length === 2);
    await input.stop({ drain: true });
    expect(deps.sink.stored.map((e) => [e.message, e.source, e.level])).toEqual([
      ['octet counted', 'app', 6],
      ['by newline', 'cron', 6],
    ]);
    expect(deps.sink.stored[0]?.attributes).toMatchObject({ 'syslog.facility': 'local4', 'syslog.sd.x@1.a': 'b', 'syslog.msg_id': 'ID' });
  });
});
