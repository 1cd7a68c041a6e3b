// `processHooksChild.ts <mode>`: attachProcessHooks in a process that then ends:
//   alone — SIGTERM with only our listener; other — SIGTERM with the app's own listener too (it exits 3);
//   exit — process.exit(5); detached — hooks attached, then detached, then SIGTERM.
import { attachProcessHooks } from '../../src/processHooks.js';

const mode = process.argv[2];
const say = (s: string) => process.stdout.write(`${s}\n`);
const detach = attachProcessHooks({
  onExit: () => say('exit hook'),
  deliverOnSignal: () =>
    new Promise<void>((resolve) =>
      setTimeout(() => {
        say('delivered');
        resolve();
      }, 50),
    ),
});
if (mode === 'other') process.on('SIGTERM', () => setTimeout(() => process.exit(3), 300));
if (mode === 'detached') detach();
if (mode === 'exit') process.exit(5);
say('ready');
setInterval(() => {}, 1000);
