// A serverless-style invocation that freezes its own process the moment the handler's promise
// settles, as a platform does between invocations: `serverlessChild.ts <wrapped|plain> <url> <apiKey> <count>`.
// It prints one line, `settled ok|error`, then stops itself with SIGSTOP (the parent kills it).
import { readFileSync } from 'node:fs';
import { createLogFlux, withLogFlux } from '@logflux/node';

const [mode, url, apiKey, countText] = process.argv.slice(2) as [string, string, string, string];
const count = Number(countText);
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
const logflux = createLogFlux({ apiKey, endpoint: url, publicKey, spool: false, source: 'lambda' });

async function handler(event: { orders: number; fail?: boolean }, _context: { awsRequestId: string; functionName: string }) {
  for (let i = 0; i < event.orders; i++) logflux.info(`order ${i}`, { order: i });
  await new Promise((r) => setImmediate(r));
  if (event.fail) throw new Error('payment provider down');
  return { statusCode: 200 };
}

const run = mode === 'wrapped' ? withLogFlux(logflux, handler) : handler;
const context = { awsRequestId: `req-${mode}`, functionName: 'checkout' };
const freeze = (outcome: string) => {
  process.stdout.write(`settled ${outcome}\n`);
  process.kill(process.pid, 'SIGSTOP');
};
run({ orders: count, fail: process.env.FAIL === '1' }, context).then(
  () => freeze('ok'),
  () => freeze('error'),
);
