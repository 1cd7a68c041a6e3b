import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnRecordWorker, whyNotStarted, whyStopped } from '../src/recordWorkerScript.js';

describe('the record worker script', () => {
  it('runs an explicit script, given as a path or a file URL, with the workerData it is handed', async () => {
    const script = join(tmpdir(), `record-worker-script-${process.pid}.mjs`);
    writeFileSync(script, "import { parentPort, workerData } from 'node:worker_threads'; parentPort.postMessage(workerData.hello);");
    for (const given of [script, pathToFileURL(script)]) {
      const worker = spawnRecordWorker(given, { workerData: { hello: 'from the thread' } });
      expect(await new Promise((resolve) => worker.once('message', resolve))).toBe('from the thread');
      await worker.terminate();
    }
  });

  it('says why a thread could not start or stopped, in one line', () => {
    let cloneError: unknown;
    try {
      structuredClone({ onError: () => {} });
    } catch (e) {
      cloneError = e;
    }
    expect(whyNotStarted(cloneError)).toEqual({
      errorClass: 'invalid_option',
      message: 'the client options cannot be sent to the worker thread (functions such as onError or beforeSend are not supported)',
    });
    expect(whyNotStarted(new TypeError('bad execArgv')).message).toBe('the worker thread could not start (bad execArgv)');
    const missing = Object.assign(new Error("Cannot find module '/x.js'\nRequire stack:\n- /somewhere"), { code: 'MODULE_NOT_FOUND' });
    expect(whyStopped(missing)).toEqual({ errorClass: 'closed', message: "the worker thread stopped (Error: Cannot find module '/x.js')" });
  });
});
