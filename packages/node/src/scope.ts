import { AsyncLocalStorage } from 'node:async_hooks';
import type { Attributes } from '@logflux/core';
import { activeTraceIds } from './otel.js';

/**
 * Scopes: attributes that every entry logged inside a piece of asynchronous work carries (a
 * request, a job, a serverless invocation), on Node's `AsyncLocalStorage`. The storage lives on
 * `globalThis`, so every copy of this package in a process (its ESM and CommonJS builds, say)
 * sees the same scopes.
 */
const KEY = Symbol.for('logflux.node.scope');
type Holder = { [KEY]?: AsyncLocalStorage<Attributes> };
const holder = globalThis as Holder;
holder[KEY] ??= new AsyncLocalStorage<Attributes>();
const storage: AsyncLocalStorage<Attributes> = holder[KEY];

/**
 * Runs `fn` in a scope: every entry logged during it — synchronously or in anything it starts
 * (promises, timers, callbacks) — by any client of this process, carries `attributes`. Scopes nest:
 * an inner scope has its parent's attributes too, its own winning. Returns what `fn` returns.
 */
export function withScope<T>(attributes: Attributes, fn: () => T): T {
  const parent = storage.getStore();
  return storage.run(parent ? { ...parent, ...attributes } : { ...attributes }, fn);
}

/**
 * Adds attributes to the current scope (a user id known only after authentication, say), for the
 * entries logged from now on in it and in the scopes it starts later. Returns false, changing
 * nothing, outside any scope.
 */
export function addScopeAttributes(attributes: Attributes): boolean {
  const scope = storage.getStore();
  if (!scope) return false;
  Object.assign(scope, attributes);
  return true;
}

/**
 * What the current scope adds to an entry: the active OpenTelemetry span's `trace_id` and
 * `span_id` (when `@opentelemetry/api` is installed and a span is active), then the scope's own
 * attributes. `undefined` when there is neither. The Node client asks for it on every entry.
 */
export function currentScope(): Attributes | undefined {
  const scope = storage.getStore();
  const trace = activeTraceIds();
  if (!trace) return scope;
  return scope ? { ...trace, ...scope } : trace;
}

/**
 * A copy of {@link currentScope} that is always an object: for loggers whose records travel to a
 * worker thread, where the scope cannot follow — `pino({ mixin: scopeAttributes })`, or
 * {@link scopeFormat} for winston.
 */
export function scopeAttributes(): Attributes {
  const scope = currentScope();
  return scope ? { ...scope } : {};
}

/**
 * A winston format (duck-typed, so this package needs no winston) that copies the current scope
 * into each record on the logging thread, the record's own fields winning:
 * `new LogFluxWorkerTransport({ format: scopeFormat, ... })`.
 */
export const scopeFormat = {
  transform<T extends Record<string, unknown>>(info: T): T {
    const scope = currentScope();
    if (scope) for (const key in scope) if (!(key in info)) (info as Record<string, unknown>)[key] = scope[key];
    return info;
  },
};
