import { describe, expect, it } from 'vitest';
import { cliDiagnostics } from '../src/diagnostics.js';

const levelOf = (args: string[], env: Record<string, string> = {}) => {
  const lines: string[] = [];
  const d = cliDiagnostics(args, env, (l) => lines.push(l));
  return { level: d.log.level, args: d.args, lines, log: d.log };
};

describe('the CLI diagnostics switch', () => {
  it('takes --log-level from anywhere in the arguments and leaves the rest to the command', () => {
    expect(levelOf(['query', '--log-level', 'debug', '--json'])).toMatchObject({ level: 'debug', args: ['query', '--json'] });
    expect(levelOf(['query', '--log-level=trace'])).toMatchObject({ level: 'trace', args: ['query'] });
  });

  it('falls back to LOGFLUX_LOG_LEVEL, LOGFLUX_DEBUG, then LOG_LEVEL when it names a level, else warn', () => {
    expect(levelOf(['query'], { LOGFLUX_LOG_LEVEL: 'info', LOG_LEVEL: 'trace' }).level).toBe('info');
    expect(levelOf(['query'], { LOGFLUX_DEBUG: '1', LOG_LEVEL: 'error' }).level).toBe('debug');
    expect(levelOf(['query'], { LOGFLUX_DEBUG: '0', LOG_LEVEL: 'error' }).level).toBe('error');
    expect(levelOf(['query'], { LOG_LEVEL: 'verbose-ish' }).level).toBe('warn');
    expect(levelOf(['query']).level).toBe('warn');
    expect(levelOf(['query', '--log-level', 'error'], { LOGFLUX_LOG_LEVEL: 'trace' }).level).toBe('error');
  });

  it('refuses an unknown --log-level by name', () => {
    expect(() => levelOf(['query', '--log-level', 'loud'])).toThrow(/--log-level must be one of error, warn, info, debug, trace/);
  });

  it('prints only what the level asks for, one prefixed line each', () => {
    const { log, lines } = levelOf(['query', '--log-level', 'info']);
    log.debug('not shown');
    log.info('shown');
    expect(lines).toEqual(['logflux: shown\n']);
  });
});
