// The reference ingestor as the guide starts it, from the installed CLI: `npx logflux keygen`, then
// `npx logflux serve --public-key logflux.pub.pem`; entries read back with `npx logflux query --json`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../packaging/workspace.mjs';

/** `npx logflux keygen` in the project: logflux.key.pem and logflux.pub.pem. */
export function keygen(dir, env) {
  const r = run('npx', ['logflux', 'keygen'], { cwd: dir, env });
  if (r.status !== 0) throw new Error(`npx logflux keygen failed:\n${r.stdout}${r.stderr}`);
}

/**
 * `npx logflux serve --public-key logflux.pub.pem --port 0 [--allow-origin ORIGIN]` in the project.
 * Resolves `{ url, apiKey, fingerprint, close() }` once it listens and has written its credentials.
 */
export function serve(dir, env, { allowOrigin } = {}) {
  const args = [
    'logflux',
    'serve',
    '--public-key',
    'logflux.pub.pem',
    '--port',
    '0',
    ...(allowOrigin ? ['--allow-origin', allowOrigin] : []),
  ];
  const child = spawn('npx', args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      // npx runs the CLI in a child of its own: end the whole process group we started.
      process.kill(-child.pid, 'SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`npx logflux serve did not start within 60 s:\n${output}`));
    }, 60_000);
    let started = false;
    const onData = (chunk) => {
      output += chunk;
      // Later output (the server's "stopped", after the scratch directory is gone) is only kept.
      if (started) return;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (!url || !/public key:/.test(output)) return;
      started = true;
      clearTimeout(timer);
      const credentials = JSON.parse(readFileSync(join(dir, '.logflux/credentials.json'), 'utf8'));
      resolve({ url, apiKey: credentials.api_key, fingerprint: credentials.fingerprint, close: stop, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npx logflux serve exited ${code}:\n${output}`));
    });
  });
}

/** Every stored entry, decrypted: `npx logflux query --json` → [{ id, entry }]. */
export function query(dir, env) {
  const r = run('npx', ['logflux', 'query', '--json'], { cwd: dir, env });
  if (r.status !== 0) throw new Error(`npx logflux query --json failed:\n${r.stdout}${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}
