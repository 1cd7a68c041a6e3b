import { pinoRecord } from '@logflux/pino-transport';
import pino from 'pino';
import { describe, expect, it } from 'vitest';

/** The JSON lines a real pino logger writes, parsed as the transport receives them. */
function lines(log: (logger: pino.Logger) => void, options: pino.LoggerOptions = {}): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const logger = pino({ level: 'trace', ...options }, { write: (line: string) => out.push(JSON.parse(line)) });
  log(logger);
  return out;
}

describe('pinoRecord: a pino line → typed record', () => {
  it('maps level, message, bindings and fields; a field named syslog is an ordinary attribute', () => {
    const [line] = lines((l) => l.child({ request: 'r-7' }).warn({ user: { id: 1 }, syslog: 1 }, 'careful'));
    const record = pinoRecord(line as Record<string, unknown>);
    expect(record).toMatchObject({
      level: 5,
      message: 'careful',
      attributes: { request: 'r-7', user: { id: 1 }, syslog: 1, pid: process.pid },
      ts: line?.time,
    });
    expect(record.attributes).not.toHaveProperty('level');
    expect(record.attributes).not.toHaveProperty('time');
    expect(record.attributes).not.toHaveProperty('msg');
  });

  it("turns a serialised err into the record's error; an error field that is not one stays an attribute", () => {
    const [withErr, plainError, noMessage] = lines((l) => {
      l.error({ err: new TypeError('boom') }, 'failed');
      l.info({ error: 'not an error object' }, 'just a field');
      l.error(new RangeError('only the error'));
    });
    expect(pinoRecord(withErr as Record<string, unknown>)).toMatchObject({
      level: 4,
      message: 'failed',
      error: { name: 'TypeError', message: 'boom' },
    });
    expect(pinoRecord(withErr as Record<string, unknown>).error?.stack).toMatch(/TypeError: boom/);
    expect(pinoRecord(withErr as Record<string, unknown>).attributes).not.toHaveProperty('err');
    expect(pinoRecord(plainError as Record<string, unknown>)).toMatchObject({
      message: 'just a field',
      attributes: { error: 'not an error object' },
    });
    expect(pinoRecord(plainError as Record<string, unknown>).error).toBeUndefined();
    expect(pinoRecord(noMessage as Record<string, unknown>)).toMatchObject({ message: 'only the error', error: { name: 'RangeError' } });
  });

  it('follows messageKey and ISO time strings', () => {
    const [line] = lines((l) => l.info('custom key'), { messageKey: 'text', timestamp: pino.stdTimeFunctions.isoTime });
    expect(pinoRecord(line as Record<string, unknown>, 'text')).toMatchObject({
      message: 'custom key',
      ts: Date.parse(String(line?.time)),
    });
    expect(pinoRecord({ level: 30, msg: 'no time', time: 'not a time' })).toEqual({ level: 7, message: 'no time' });
  });
});
