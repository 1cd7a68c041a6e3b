import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputCounters } from '../../src/counters.js';
import type { InputDeps } from '../../src/inputs/types.js';
import { AgentLog } from '../../src/log.js';
import { FakeSink, fakeDestination } from './fakeSink.js';

/** Everything an input needs, around a {@link FakeSink}. */
export function inputDeps(secret = 'f'.repeat(64)): InputDeps & { sink: FakeSink; logged: string[] } {
  const { sink, destination } = fakeDestination(new FakeSink());
  const logged: string[] = [];
  return {
    sink,
    logged,
    destination,
    counters: new InputCounters(),
    log: new AgentLog('debug', (l) => logged.push(l)),
    secret: () => secret,
    stateDir: mkdtempSync(join(tmpdir(), 'agent-input-')),
    agentId: '0'.repeat(32),
  };
}
