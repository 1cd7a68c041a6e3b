import { existsSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAgentSocket } from '../src/inputs/agentSocket.js';
import { until } from './helpers/fakeSink.js';
import { inputDeps } from './helpers/inputDeps.js';

function send(target: string | number, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = typeof target === 'number' ? connect(target, '127.0.0.1') : connect(target);
    s.on('error', reject);
    s.end(text, () => resolve());
  });
}

describe('agent protocol over a Unix socket', () => {
  it('listens with mode 0600, replaces a stale socket, refuses a live one, and removes it at stop', async () => {
    const deps = inputDeps();
    const path = join(deps.stateDir, 'agent.sock');
    const stale = createServer().listen(path);
    await new Promise((r) => stale.once('listening', r));
    const base = { type: 'unix' as const, name: 'u', destination: 'default', path, mode: 0o600, maxLineBytes: 1024 };
    await expect(startAgentSocket(base, deps)).rejects.toThrow(/another process listens/);
    await new Promise((r) => stale.close(r));
    writeFileSync(`${path}.file`, '');
    await expect(startAgentSocket({ ...base, path: `${path}.file` }, deps)).rejects.toThrow(/is not a socket/);
    const input = await startAgentSocket(base, deps);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await send(path, '{"message":"over unix","level":3}\nbad\n{"message":"after the bad line"}\n');
    await until(() => deps.sink.stored.length === 2);
    await input.stop({ drain: true });
    expect(existsSync(path)).toBe(false);
    expect(deps.sink.stored[0]).toMatchObject({ message: 'over unix', level: 4 });
    expect(deps.counters.snapshot()).toMatchObject({ received: 3, forwarded: 2, dropped: { bad_line: 1 }, connections: 1 });
  });
});

describe('agent protocol over TCP', () => {
  it('checks the shared secret and never writes to the client', async () => {
    const deps = inputDeps('the-secret');
    const input = await startAgentSocket(
      {
        type: 'tcp',
        name: 't',
        destination: 'default',
        host: '127.0.0.1',
        port: 0,
        allowExternal: false,
        acceptWithoutSecret: false,
        maxLineBytes: 1024,
      },
      deps,
    );
    const port = Number(input.address.split(':')[1]);
    const received: Buffer[] = [];
    await new Promise<void>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write('{"message":"ok","shared_secret":"the-secret"}\n{"message":"no"}\n{"message":"bad","shared_secret":"x"}\n');
        setTimeout(() => s.end(), 200);
      });
      s.on('data', (d) => received.push(d));
      s.on('close', () => resolve());
    });
    await until(() => deps.sink.stored.length === 1);
    await input.stop({ drain: true });
    expect(received).toEqual([]);
    expect(deps.sink.messages()).toEqual(['ok']);
    expect(deps.counters.dropped).toEqual({ no_secret: 1, bad_secret: 1 });
  });

  it('stops reading while the destination is full, so that the sender blocks instead of losing lines', async () => {
    const deps = inputDeps();
    const input = await startAgentSocket(
      {
        type: 'tcp',
        name: 't',
        destination: 'default',
        host: '127.0.0.1',
        port: 0,
        allowExternal: false,
        acceptWithoutSecret: true,
        maxLineBytes: 1024,
      },
      deps,
    );
    const port = Number(input.address.split(':')[1]);
    deps.sink.fullness = 1;
    deps.destination.gate.check();
    const line = `{"message":"${'x'.repeat(200)}"}\n`;
    const total = 20_000;
    const sender = connect(port, '127.0.0.1');
    let written = 0;
    let blocked = false;
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (written < total) {
          written++;
          if (!sender.write(line)) {
            blocked = true;
            sender.once('drain', pump);
            return;
          }
        }
        sender.end(resolve);
      };
      sender.once('connect', pump);
      setTimeout(() => {
        if (blocked) resolve();
      }, 500);
    });
    expect(blocked).toBe(true);
    expect(deps.sink.stored.length).toBeLessThan(total);
    deps.sink.fullness = 0;
    await until(() => deps.sink.stored.length === total, 30_000);
    await input.stop({ drain: true });
    expect(deps.counters.snapshot()).toMatchObject({ received: total, forwarded: total, dropped: {} });
  });
});
