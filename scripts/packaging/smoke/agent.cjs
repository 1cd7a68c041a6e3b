'use strict';
// @logflux/agent: the packed agent starts with a syslog UDP input delivering to the packed
// reference ingestor (pinned, no spool); one message sent with dgram is forwarded, and it
// decrypts locally. The agent stops cleanly and removes its runtime files.
const { createSocket } = require('node:dgram');
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async (load, h) => {
  const { Agent, AgentLog, validateConfig } = await load('@logflux/agent');
  await h.withIngestor(load, async ({ ingestor, tenant }) => {
    const dir = mkdtempSync(join(tmpdir(), 'logflux-smoke-agent-'));
    try {
      writeFileSync(join(dir, 'api.key'), `${tenant.apiKey}\n`, { mode: 0o600 });
      const config = validateConfig({
        stateDir: join(dir, 'state'),
        runtimeDir: join(dir, 'run'),
        destinations: { main: { endpoint: ingestor.url, apiKeyFile: join(dir, 'api.key'), publicKeyFile: h.publicKeyFile, spool: false } },
        inputs: [{ type: 'syslog_udp', name: 'syslog', port: 0 }],
      });
      const agent = await Agent.start(config, new AgentLog('warn'));
      const port = Number(agent.status().inputs[0].address.split(':')[1]);
      const message = `from the packed @logflux/agent (${h.mode})`;
      const socket = createSocket('udp4');
      await new Promise((resolve) => socket.send(`<14>1 - smoke agent - - - ${message}`, port, '127.0.0.1', resolve));
      socket.close();
      for (let i = 0; i < 200 && agent.status().inputs[0].counters.forwarded < 1; i++) await new Promise((r) => setTimeout(r, 50));
      h.equal(agent.status().inputs[0].counters.forwarded, 1, 'entries forwarded');
      await agent.stop();
      h.assert(!existsSync(join(dir, 'run', 'agent.pid')), 'the PID file is removed at stop');
      const entries = await h.readBack(load, ingestor.url, tenant.readToken);
      h.assert(
        entries.some((e) => e.message === message && e.source === 'agent'),
        'the forwarded entry decrypts',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
};
