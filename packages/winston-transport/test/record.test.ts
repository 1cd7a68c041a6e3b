import { winstonRecord } from '@logflux/winston-transport';
import { describe, expect, it } from 'vitest';
import winston from 'winston';

const MESSAGE = Symbol.for('message');
/** An info as winston's own formats leave it for a transport. */
const formatted = (format: winston.Logform.Format, info: Record<string | symbol, unknown>) =>
  format.transform({ level: 'info', ...info } as winston.Logform.TransformableInfo, format.options) as winston.Logform.TransformableInfo;

describe('winstonRecord: winston info → typed record', () => {
  it('maps the level, keeps field values as given, and leaves out winston’s own fields', () => {
    const cart = { items: [1, 2] };
    const info = formatted(winston.format.timestamp(), { level: 'warn', message: 'low stock', cart, n: 2, skip: undefined, fn: () => 1 });
    expect(winstonRecord(info)).toEqual({ level: 5, message: 'low stock', attributes: { cart, n: 2 } });
    expect(winstonRecord({ level: 'emerg', message: 'down' })).toEqual({ level: 1, message: 'down' });
    expect(winstonRecord({ level: 'custom', message: 42 } as never)).toEqual({ level: 7, message: '42' });
  });

  it("uses the transport format's output only when asked, and stamps ts when given", () => {
    const info = formatted(winston.format.simple(), { message: 'hello', user: 'u1' });
    expect(info[MESSAGE]).toBe('info: hello {"user":"u1"}');
    expect(winstonRecord(info).message).toBe('hello');
    expect(winstonRecord(info, { formatted: true, ts: 1234 })).toMatchObject({ message: 'info: hello {"user":"u1"}', ts: 1234 });
  });

  it('finds the error in every form winston passes one', () => {
    const cause = new RangeError('root');
    const withStack = formatted(winston.format.errors({ stack: true, cause: true }), {
      level: 'error',
      message: new Error('boom', { cause }),
    });
    expect(winstonRecord(withStack).error).toMatchObject({
      name: 'Error',
      message: 'boom',
      cause: { name: 'RangeError', message: 'root' },
    });
    expect(winstonRecord(withStack).error?.stack).toMatch(/boom/);
    expect(winstonRecord({ level: 'error', message: 'paying', error: new TypeError('declined') })).toMatchObject({
      message: 'paying',
      error: { name: 'TypeError', message: 'declined' },
    });
    const bare = Object.assign(new Error('thrown'), { level: 'error' });
    expect(winstonRecord(bare as never)).toMatchObject({ level: 4, message: 'thrown', error: { message: 'thrown' } });
    expect(winstonRecord({ level: 'error', message: 'odd cause', stack: 'Error: odd cause', cause: 7 }).error).toEqual({
      name: 'Error',
      message: 'odd cause',
      stack: 'Error: odd cause',
      cause: '7',
    });
  });
});
