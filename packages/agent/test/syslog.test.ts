import { describe, expect, it } from 'vitest';
import { mapSyslog, parseSyslog } from '../src/mapping/syslog.js';

describe('parseSyslog', () => {
  it('reads RFC 5424 with structured data, escapes and a BOM', () => {
    const m = parseSyslog(
      '<165>1 2026-11-22T09:30:00.123456+01:00 web-3 checkout 4242 ID47 [exampleSDID@32473 iut="3" eventSource="App \\"x\\"" eventID="1011"][ok] \uFEFFhello world\n',
    );
    expect(m).toEqual({
      format: 'rfc5424',
      facility: 20,
      severity: 5,
      ts: Date.parse('2026-11-22T08:30:00.123Z'),
      hostname: 'web-3',
      appName: 'checkout',
      procId: '4242',
      msgId: 'ID47',
      structuredData: {
        'exampleSDID@32473.iut': '3',
        'exampleSDID@32473.eventSource': 'App "x"',
        'exampleSDID@32473.eventID': '1011',
        ok: '',
      },
      message: 'hello world',
    });
  });

  it('takes nil values for absent and the receive time for "-"', () => {
    const m = parseSyslog('<13>1 - - - - - - no header fields', 1_000_000);
    expect(m).toEqual({ format: 'rfc5424', facility: 1, severity: 5, ts: 1_000_000, message: 'no header fields' });
  });

  it('reads RFC 3164 with a hostname and a tag with pid, in local time of the nearest past year', () => {
    const now = new Date(2026, 0, 1, 0, 5).getTime();
    const m = parseSyslog("<34>Dec 31 23:59:58 mymachine su[230]: 'su root' failed", now);
    expect(m).toMatchObject({ format: 'rfc3164', facility: 4, severity: 2, hostname: 'mymachine', appName: 'su', procId: '230' });
    expect(m.ts).toBe(new Date(2025, 11, 31, 23, 59, 58).getTime());
    expect(m.message).toBe("'su root' failed");
    const noHost = parseSyslog('<13>Feb  5 17:32:18 myapp: started', now);
    expect(noHost).toMatchObject({ appName: 'myapp', message: 'started' });
    expect(noHost.hostname).toBeUndefined();
    expect(parseSyslog('<142>Dec  1 22:23:14 vm rs-udp via rsyslog', now)).toMatchObject({
      hostname: 'vm',
      appName: 'rs-udp',
      message: 'via rsyslog',
    });
    expect(parseSyslog('<13>2026-01-01T10:00:00Z host app: iso')).toMatchObject({
      ts: Date.parse('2026-01-01T10:00:00Z'),
      hostname: 'host',
    });
  });

  it('treats a message without PRI as user.notice text', () => {
    expect(parseSyslog('just text', 5)).toEqual({ format: 'rfc3164', facility: 1, severity: 5, ts: 5, message: 'just text' });
  });
});

describe('mapSyslog', () => {
  it('keeps facility, severity, header fields and structured data as attributes; level = severity + 1', () => {
    const e = mapSyslog(parseSyslog('<11>1 2026-11-22T09:30:00Z h app 7 M [a@1 k="v"] boom'), { attributes: { env: 'ci' } });
    expect(e).toEqual({
      type: 'log',
      level: 4,
      ts: Date.parse('2026-11-22T09:30:00Z'),
      source: 'app',
      message: 'boom',
      attributes: {
        env: 'ci',
        'syslog.facility': 'user',
        'syslog.severity': 'error',
        'syslog.hostname': 'h',
        'syslog.app_name': 'app',
        'syslog.proc_id': '7',
        'syslog.msg_id': 'M',
        'syslog.sd.a@1.k': 'v',
      },
    });
  });
});
