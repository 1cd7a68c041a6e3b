import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentConfigError, loadConfig, validateConfig } from '../src/index.js';

const dest = { destinations: { main: { endpoint: 'http://127.0.0.1:7600', apiKeyFile: 'key', publicKey: `SHA256:${'a'.repeat(64)}` } } };
const dir = mkdtempSync(join(tmpdir(), 'agent-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function error(raw: unknown): string {
  try {
    validateConfig(raw, '/etc/logflux');
  } catch (e) {
    expect(e).toBeInstanceOf(AgentConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a configuration error');
}

describe('validateConfig', () => {
  it('fills in defaults, resolves paths against the config directory and names inputs', () => {
    const c = validateConfig(
      { ...dest, stateDir: 'state', inputs: [{ type: 'tcp', port: 8080 }, { type: 'unix' }, { type: 'file', paths: ['logs/*.log'] }] },
      '/etc/logflux',
    );
    expect(c.stateDir).toBe('/etc/logflux/state');
    expect(c.destinations.main?.apiKeyFile).toBe('/etc/logflux/key');
    expect(c.inputs[0]).toMatchObject({ name: 'tcp-0', host: '127.0.0.1', port: 8080, acceptWithoutSecret: true, destination: 'main' });
    expect(c.inputs[1]).toMatchObject({ name: 'unix-1', path: '/tmp/logflux-agent.sock', mode: 0o600 });
    expect(c.inputs[2]).toMatchObject({ paths: ['/etc/logflux/logs/*.log'], parser: 'plain', startAt: 'beginning', chunkBytes: 262144 });
    expect(c.backpressure).toEqual({ highWater: 0.8, lowWater: 0.5 });
  });

  it('names the field of every mistake', () => {
    expect(error({ ...dest, inputs: [{ type: 'tcp', port: 70000 }] })).toBe(
      'inputs[0].port: must be an integer from 0 to 65535, not 70000',
    );
    expect(error({ ...dest, inputs: [{ type: 'tcp' }] })).toMatch(/^inputs\[0\]\.port: is required/);
    expect(error({ ...dest, inputs: [{ type: 'ftp' }] })).toMatch(/^inputs\[0\]\.type: must be one of unix, tcp/);
    expect(error({ ...dest, inputs: [{ type: 'file', paths: [] }] })).toMatch(/^inputs\[0\]\.paths: must be a non-empty array/);
    expect(error({ ...dest, inputs: [{ type: 'file', paths: ['x'], multiline: { start: '(' } }] })).toBe(
      'inputs[0].multiline.start: is not a valid regular expression',
    );
    expect(
      error({
        ...dest,
        inputs: [
          { type: 'udp', port: 1 },
          { type: 'syslog_udp', prot: 5 },
        ],
      }),
    ).toMatch(/^inputs\[0\]\.type/);
    expect(error({ ...dest, inputs: [{ type: 'syslog_udp', port: 5514, prot: 5 }] })).toBe('inputs[0].prot: unknown field');
    expect(error({ ...dest, inputs: [{ type: 'tcp', port: 1, destination: 'other' }] })).toBe(
      'inputs[0].destination: no destination named "other"',
    );
    expect(error({ ...dest, inputs: [{ type: 'tcp', port: 1, name: 'a' }, { type: 'udp' }] })).toMatch(/^inputs\[1\]\.type/);
    expect(
      error({
        ...dest,
        inputs: [
          { type: 'tcp', port: 1, name: 'a' },
          { type: 'tcp', port: 2, name: 'a' },
        ],
      }),
    ).toBe('inputs[1].name: "a" is already used by inputs[0]');
    expect(error({ ...dest, inputs: [{ type: 'unix', mode: '0666' }] })).toMatch(/^inputs\[0\]\.mode: must not let every user connect/);
    expect(error({ ...dest, inputs: [] })).toBe('inputs: must be a non-empty array');
    expect(error({ inputs: [{ type: 'unix' }] })).toMatch(/^destinations: is required/);
    expect(error({ ...dest, inputs: [{ type: 'unix' }], backpressure: { highWater: 0.5, lowWater: 0.6 } })).toBe(
      'backpressure.lowWater: must be below highWater',
    );
  });

  it('listens beyond loopback only with explicit consent, and never takes the API key in the file', () => {
    expect(error({ ...dest, inputs: [{ type: 'syslog_tcp', host: '0.0.0.0', port: 514 }] })).toMatch(
      /^inputs\[0\]\.host: 0\.0\.0\.0 is not a loopback address; set "allowExternal": true/,
    );
    const open = validateConfig({ ...dest, inputs: [{ type: 'tcp', host: '0.0.0.0', port: 9999, allowExternal: true }] });
    expect(open.inputs[0]).toMatchObject({ acceptWithoutSecret: false });
    expect(error({ ...dest, inputs: [{ type: 'http', host: '0.0.0.0', port: 80, allowExternal: true }] })).toMatch(
      /^inputs\[0\]\.bearerTokenFile: is required when the HTTP input listens beyond loopback/,
    );
    const key = 'eu-lf_EXAMPLEexample0123456789abcdEFGH';
    const message = error({ destinations: { main: { apiKey: key } }, inputs: [{ type: 'unix' }] });
    expect(message).toMatch(/^destinations\.main\.apiKey: the API key does not belong in the config file/);
    expect(message).not.toContain('EXAMPLE');
  });

  it('loadConfig names the file, and the line of a JSON error without quoting the text', () => {
    const path = join(dir, 'agent.json');
    writeFileSync(path, '{\n  "destinations": {},\n  "secret": "hunter2",\n}\n');
    expect(() => loadConfig(path)).toThrow(`${path} is not valid JSON (line 4)`);
    try {
      loadConfig(path);
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
    writeFileSync(path, JSON.stringify({ ...dest, inputs: [{ type: 'tcp', port: 'x' }] }));
    expect(() => loadConfig(path)).toThrow(`${path}: inputs[0].port: must be an integer from 0 to 65535, not "x"`);
    expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/cannot read .*missing\.json: ENOENT/);
  });
});
