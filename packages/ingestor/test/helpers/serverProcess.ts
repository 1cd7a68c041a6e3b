import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./serverMain.ts', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  apiKey?: string;
  readToken?: string;
}

/** Starts the ingestor in a child process and waits for its first line. `options`: JSON-able IngestorOptions. */
export function spawnServer(dataDir: string, publicKeyPath?: string, port = 0, options: object = {}): Promise<ServerProcess> {
  const args = [MAIN, dataDir, publicKeyPath ?? '', String(port), JSON.stringify(options)];
  const child = spawn(process.execPath, ['--conditions=logflux-src', '--import', 'tsx', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (d) => {
      buffered += d;
      const nl = buffered.indexOf('\n');
      if (nl >= 0) resolve({ child, ...(JSON.parse(buffered.slice(0, nl)) as { url: string }) });
    });
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
  });
}

export function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
