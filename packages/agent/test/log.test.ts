import { describe, expect, it } from 'vitest';
import { AgentLog, resolveLogLevel } from '../src/log.js';

describe('AgentLog', () => {
  it('writes time, level and context, drops lines below its level, and children share the level', () => {
    const out: string[] = [];
    const log = new AgentLog('info', (l) => out.push(l));
    const child = log.child('input:tcp-0');
    child.debug('hidden');
    child.info('listening');
    log.setLevel('debug');
    child.debug('now shown');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\S+Z INFO {2}\[input:tcp-0\] listening\n$/);
    expect(out[1]).toMatch(/DEBUG \[input:tcp-0\] now shown/);
  });

  it('takes --log-level over LOG_LEVEL over the config, and refuses unknown names', () => {
    expect(resolveLogLevel('trace', 'error', 'warn')).toBe('trace');
    expect(resolveLogLevel(undefined, 'ERROR', 'warn')).toBe('error');
    expect(resolveLogLevel(undefined, undefined, 'warn')).toBe('warn');
    expect(resolveLogLevel(undefined, '', undefined)).toBe('info');
    expect(() => resolveLogLevel('loud', undefined, undefined)).toThrow('--log-level must be one of error, warn, info, debug, trace');
  });
});
