// Runs another build of @logflux/agent as `logflux agent` would (bench/agent.ts, LOGFLUX_BENCH_AGENT_BEFORE):
//   node bench/agentRunner.mjs <path to the build's index.js> <config> <log level>
const [modulePath, configPath, logLevel] = process.argv.slice(2);
const { runAgent } = await import(modulePath);
process.exitCode = await runAgent({ configPath, logLevel });
