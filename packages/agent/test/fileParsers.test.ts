import { describe, expect, it } from 'vitest';
import { dockerPartial, PARSERS } from '../src/mapping/fileParsers.js';

const ctx = { level: 7, path: '/var/log/x.log', source: 'web', now: 1000 };

describe('file parsers', () => {
  it('nginx/Apache combined: request fields as attributes, level from the status, time with its zone', () => {
    const line = '203.0.113.7 - alice [01/Dec/2026:10:00:00 +0100] "GET /cart?id=1 HTTP/1.1" 503 512 "https://ex.test/" "curl/8.0"';
    const { entry, failed } = PARSERS.nginx_combined(line, ctx);
    expect(failed).toBe(false);
    expect(entry).toEqual({
      type: 'log',
      level: 4,
      ts: Date.parse('2026-12-01T09:00:00Z'),
      source: 'web',
      message: line,
      attributes: {
        'file.path': '/var/log/x.log',
        'http.client_ip': '203.0.113.7',
        'http.status': '503',
        'http.bytes': '512',
        'http.user': 'alice',
        'http.method': 'GET',
        'http.path': '/cart?id=1',
        'http.protocol': 'HTTP/1.1',
        'http.referer': 'https://ex.test/',
        'http.user_agent': 'curl/8.0',
      },
    });
    expect(PARSERS.apache_combined('::1 - - [01/Dec/2026:10:00:00 +0000] "GET / HTTP/1.0" 404 -', ctx).entry.level).toBe(5);
    expect(PARSERS.nginx_combined('garbage', ctx)).toMatchObject({ failed: true, entry: { message: 'garbage', level: 7 } });
  });

  it('nginx error log: level, pid, connection, local time', () => {
    const { entry } = PARSERS.nginx_error('2026/12/01 10:00:00 [crit] 12#3: *44 open() "/x" failed (13: Permission denied)', ctx);
    expect(entry).toMatchObject({
      level: 3,
      ts: new Date(2026, 11, 1, 10, 0, 0).getTime(),
      message: 'open() "/x" failed (13: Permission denied)',
      attributes: { 'nginx.pid': '12', 'nginx.tid': '3', 'nginx.connection': '44' },
    });
  });

  it('JSON lines: message, level (words, pino numbers, syslog numbers) and time; the rest as attributes', () => {
    const { entry } = PARSERS.json('{"level":50,"time":1764600000000,"msg":"db down","pid":7,"err":{"code":"E1"}}', ctx);
    expect(entry).toEqual({
      type: 'log',
      level: 4,
      ts: 1764600000000,
      source: 'web',
      message: 'db down',
      attributes: { 'file.path': '/var/log/x.log', pid: '7', err: '{"code":"E1"}' },
    });
    expect(PARSERS.json('{"message":"m","severity":"WARN"}', ctx).entry.level).toBe(5);
    expect(PARSERS.json('{"message":"m","level":2}', ctx).entry.level).toBe(3);
    expect(PARSERS.json('[1,2]', ctx)).toMatchObject({ failed: true, entry: { message: '[1,2]' } });
  });

  it('Docker json-file: the log text, its stream and time; partial records joined', () => {
    const a = '{"log":"part one ","stream":"stderr","time":"2026-12-01T10:00:00.5Z"}';
    const b = '{"log":"and two\\n","stream":"stderr","time":"2026-12-01T10:00:00.6Z"}';
    expect(dockerPartial(a)).toBe(true);
    expect(dockerPartial(b)).toBe(false);
    expect(PARSERS.docker(`${a}\n${b}`, ctx).entry).toMatchObject({
      message: 'part one and two',
      ts: Date.parse('2026-12-01T10:00:00.5Z'),
      attributes: { 'docker.stream': 'stderr' },
    });
  });

  it('plain: the line at the configured level', () => {
    expect(PARSERS.plain('hello', { ...ctx, level: 5 }).entry).toEqual({
      type: 'log',
      level: 5,
      ts: 1000,
      source: 'web',
      message: 'hello',
      attributes: { 'file.path': '/var/log/x.log' },
    });
  });
});
