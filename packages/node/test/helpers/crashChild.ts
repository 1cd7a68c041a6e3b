// `crashChild.ts <url> <apiKey> <spoolDir> <durability> <phase> <tag> <count>`: a process of the
// client SIGKILL case (crashRun.ts).
//   stream — after ready(), logs <count> entries (attribute id `<tag>-<i>`), 2 every millisecond,
//            printing `logged <n> acked <k>` after each group (the log calls had returned); then idles
//            until it is killed.
//   replay — a restart with the same spool directory: waits until the spool is empty (what the
//            killed process left, recovered from its journal, is sent), closes, prints `done <k>`
//            (entries this process recovered and sent).
import { readFileSync } from 'node:fs';
import { createLogFlux } from '@logflux/node';

const [url, apiKey, dir, durability, phase, tag, countText] = process.argv.slice(2) as string[];
const publicKey = readFileSync(new URL('../../../../test-vectors/keys/test-rsa-4096-public.pem', import.meta.url), 'utf8');
const client = createLogFlux({
  apiKey: apiKey as string,
  endpoint: url as string,
  publicKey,
  spool: { dir: dir as string },
  durability: durability as 'memory' | 'disk',
  flushIntervalMs: 200,
  handleSignals: false,
});
await client.ready();
if (phase === 'stream') {
  const count = Number(countText);
  let n = 0;
  const tick = () => {
    for (let i = 0; i < 2 && n < count; i++, n++) client.info(`stream ${n}`, { id: `${tag}-${n}` });
    process.stdout.write(`logged ${n} acked ${client.stats().acknowledged}\n`);
    if (n < count) setTimeout(tick, 1);
  };
  tick();
  setInterval(() => {}, 1000);
} else {
  for (let i = 0; i < 600 && client.stats().spool.records + client.stats().inFlight > 0; i++) await new Promise((r) => setTimeout(r, 50));
  await client.close();
  process.stdout.write(`done ${client.stats().acknowledged} spool ${client.stats().spool.records}\n`);
}
