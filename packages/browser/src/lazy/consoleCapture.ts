import type { CaptureHost, ConsoleCaptureOptions } from '../captures.js';

/**
 * Lazily loaded capture (option `captureConsole`): `console.error`, `warn`, `info` and `log` calls
 * as log entries (levels 4, 5, 7 and 7, attribute `capture: console.<method>`). The console still
 * prints every call first. Not captured: the SDK's own output (its diagnostics, and whatever the
 * application's `onError` prints, see CaptureHost.busy), messages starting with `logflux:`, and
 * calls made while an entry is being logged — so nothing loops.
 */

type Method = 'error' | 'warn' | 'info' | 'log';
const LEVEL: Record<Method, number> = { error: 4, warn: 5, info: 7, log: 7 };
/** Longest message kept (longer ones are cut, with a marker). */
const MAX_MESSAGE = 16_384;

/** One console argument as text: strings as they are, errors by name and message, the rest as JSON where possible. */
export function formatArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // circular, BigInt
  }
}

export function install(host: CaptureHost, options: ConsoleCaptureOptions): () => void {
  const methods = options.levels ?? (Object.keys(LEVEL) as Method[]);
  const restore: (() => void)[] = [];
  let inside = false;
  let active = true;
  for (const method of methods) {
    const original = console[method];
    const wrapper = function (this: unknown, ...args: unknown[]) {
      original.apply(this, args);
      if (!active || inside || host.busy()) return;
      let message = args.map(formatArgument).join(' ');
      if (message.startsWith('logflux:')) return;
      if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE)}… (cut)`;
      inside = true;
      try {
        host.client.log(LEVEL[method], message, { capture: `console.${method}` });
      } finally {
        inside = false;
      }
    };
    console[method] = wrapper;
    // Put the original back unless something wrapped the console after us (then ours passes through).
    restore.push(() => {
      if (console[method] === wrapper) console[method] = original;
    });
  }
  return () => {
    active = false;
    for (const r of restore) r();
  };
}
