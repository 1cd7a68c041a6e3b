/**
 * Real syslog senders: util-linux `logger` over UDP and TCP, RFC 5424 and RFC 3164, newline and
 * octet-counted framing; and Debian's rsyslog receiving messages and forwarding them to the
 * agent (RFC 5424 octet-counted over TCP, the traditional format over UDP). Every message is
 * read back from the ingestor, decrypted.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentProcess,
  agentConfig,
  ensureDebianPackages,
  freePort,
  type Ingestor,
  kill,
  readBack,
  type StoredEntry,
  scratch,
  settled,
  startAgent,
  startIngestor,
  status,
  waitFor,
} from './harness.js';

const skip = ensureDebianPackages({ logger: 'bsdutils', rsyslogd: 'rsyslog' });
const { dir, cleanup } = scratch('syslog');
let ingestor: Ingestor;
let agent: AgentProcess;
let rsyslog: ChildProcess | undefined;
let udpPort: number;
let tcpPort: number;
let entries: StoredEntry[];

function logger(args: string[], message: string): void {
  const r = spawnSync('logger', [...args, message], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`logger ${args.join(' ')} failed: ${r.stderr}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

describe.skipIf(skip !== undefined)(`syslog from logger and rsyslog ${skip ? `(skipped: ${skip})` : ''}`, () => {
  beforeAll(async () => {
    ingestor = await startIngestor(dir);
    [udpPort, tcpPort] = [await freePort(), await freePort()];
    const path = agentConfig(dir, ingestor, [
      { type: 'syslog_udp', name: 'syslog-udp', port: udpPort },
      { type: 'syslog_tcp', name: 'syslog-tcp', port: tcpPort },
    ]);
    agent = await startAgent(path);

    const udp = ['-n', '127.0.0.1', '-P', String(udpPort), '-d'];
    const tcp = ['-n', '127.0.0.1', '-P', String(tcpPort), '-T'];
    const sd = ['--sd-id', 'order@32473', '--sd-param', 'id="1042"', '--sd-param', 'note="a \\"quoted\\" \\]"'];
    logger([...udp, '--rfc5424', '-t', 'shop', '-p', 'local3.warning', '--id=4242', '--msgid', 'PAY', ...sd], 'logger udp 5424');
    logger([...udp, '--rfc3164', '-t', 'cron', '-p', 'cron.err'], 'logger udp 3164');
    logger([...tcp, '--rfc5424', '-t', 'shop', '-p', 'user.info'], 'logger tcp 5424');
    logger([...tcp, '--rfc3164', '-t', 'shop', '-p', 'daemon.notice'], 'logger tcp 3164');
    logger([...tcp, '--octet-count', '--rfc5424', '-t', 'shop', '-p', 'auth.crit'], 'logger tcp octet 5424\nwith a second line');
    logger([...tcp, '--octet-count', '--rfc3164', '-t', 'shop', '-p', 'mail.debug'], 'logger tcp octet 3164');

    // rsyslog: receives on its own ports and forwards to the agent, by program name.
    const [rsUdp, rsTcp] = [await freePort(), await freePort()];
    mkdirSync(join(dir, 'rsyslog'), { recursive: true });
    writeFileSync(
      join(dir, 'rsyslog.conf'),
      `global(workDirectory="${dir}/rsyslog")
module(load="imudp")
module(load="imtcp")
input(type="imudp" address="127.0.0.1" port="${rsUdp}")
input(type="imtcp" address="127.0.0.1" port="${rsTcp}")
if $programname == "rs-tcp" then {
  action(type="omfwd" target="127.0.0.1" port="${tcpPort}" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
}
if $programname == "rs-udp" then {
  action(type="omfwd" target="127.0.0.1" port="${udpPort}" protocol="udp" template="RSYSLOG_TraditionalForwardFormat")
}
`,
    );
    rsyslog = spawn('rsyslogd', ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslog.pid')], { stdio: 'inherit' });
    await waitFor('rsyslog to listen', () => canConnect(rsTcp));
    for (let i = 0; i < 10; i++) {
      logger(['-n', '127.0.0.1', '-P', String(rsUdp), '-d', '-t', 'rs-tcp', '-p', 'local0.err'], `via rsyslog tcp ${i}`);
      logger(['-n', '127.0.0.1', '-P', String(rsTcp), '-T', '-t', 'rs-udp', '-p', 'local1.info'], `via rsyslog udp ${i}`);
    }
    await waitFor('every message at the agent', async () => {
      const s = await status(dir);
      return s.inputs.reduce((n, i) => n + i.counters.received, 0) >= 26;
    });
    await settled(dir);
    entries = await readBack(ingestor);
  });

  afterAll(async () => {
    rsyslog?.kill('SIGTERM');
    if (agent) await kill(agent, 'SIGTERM');
    await ingestor?.stop();
    cleanup();
  });

  const byMessage = (m: string) => entries.find((e) => e.message === m);

  it('keeps RFC 5424 header fields and structured data as attributes', () => {
    expect(byMessage('logger udp 5424')).toMatchObject({
      type: 'log',
      source: 'shop',
      level: 5,
      attributes: {
        'syslog.facility': 'local3',
        'syslog.severity': 'warning',
        'syslog.hostname': hostname(),
        'syslog.app_name': 'shop',
        'syslog.proc_id': '4242',
        'syslog.msg_id': 'PAY',
        'syslog.sd.order@32473.id': '1042',
        'syslog.sd.order@32473.note': 'a "quoted" ]',
      },
    });
    expect(Date.parse(byMessage('logger udp 5424')?.ts ?? '')).toBeGreaterThan(Date.now() - 600_000);
  });

  it('reads RFC 3164 and both TCP framings', () => {
    expect(byMessage('logger udp 3164')).toMatchObject({ source: 'cron', level: 4, attributes: { 'syslog.facility': 'cron' } });
    expect(byMessage('logger tcp 5424')).toMatchObject({ level: 7, attributes: { 'syslog.facility': 'user' } });
    expect(byMessage('logger tcp 3164')).toMatchObject({
      level: 6,
      attributes: { 'syslog.facility': 'daemon', 'syslog.hostname': hostname() },
    });
    expect(byMessage('logger tcp octet 5424\nwith a second line')).toMatchObject({ level: 3, attributes: { 'syslog.facility': 'auth' } });
    expect(byMessage('logger tcp octet 3164')).toMatchObject({ level: 8, attributes: { 'syslog.facility': 'mail' } });
  });

  it('stores everything rsyslog forwarded, once', () => {
    for (const path of ['tcp', 'udp']) {
      const got = entries.filter((e) => e.message?.startsWith(`via rsyslog ${path} `)).map((e) => e.message);
      expect(got.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `via rsyslog ${path} ${i}`).sort());
    }
    expect(byMessage('via rsyslog tcp 3')).toMatchObject({ source: 'rs-tcp', level: 4, attributes: { 'syslog.facility': 'local0' } });
    expect(byMessage('via rsyslog udp 3')).toMatchObject({ source: 'rs-udp', level: 7, attributes: { 'syslog.facility': 'local1' } });
  });
});
