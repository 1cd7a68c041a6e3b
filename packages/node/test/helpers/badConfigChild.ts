// `badConfigChild.ts <client options as JSON>`: an application whose createLogFlux client is
// misconfigured. It logs, awaits a flush (at most 2 s), prints "alive" and ends on its own: the
// client must neither throw, crash it nor keep it alive.
import { createLogFlux } from '@logflux/node';

const client = createLogFlux(JSON.parse(process.argv[2] as string));
for (let i = 0; i < 5; i++) client.info(`entry ${i}`, { i });
client.captureError(new Error('an error, too'));
await client.flush({ timeoutMs: 2000 });
process.stdout.write('alive\n');
