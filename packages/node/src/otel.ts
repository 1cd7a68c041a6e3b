import { createRequire } from 'node:module';
import { join } from 'node:path';

/** The few calls of `@opentelemetry/api` the correlation uses. */
interface OtelApi {
  trace: { getActiveSpan(): { spanContext(): { traceId: string; spanId: string; traceFlags: number } } | undefined };
  isSpanContextValid(context: { traceId: string; spanId: string }): boolean;
}

type Loader = (id: string) => unknown;

/**
 * `@opentelemetry/api` if the application has it (an optional peer dependency), else `undefined`:
 * looked up once, from this package and then from the working directory, never required. The API
 * keeps its state on `globalThis`, so the copy found here sees the application's tracer.
 */
export function loadOtelApi(loaders: Loader[] = defaultLoaders()): OtelApi | undefined {
  for (const load of loaders) {
    try {
      const api = load('@opentelemetry/api') as Partial<OtelApi> | undefined;
      if (typeof api?.trace?.getActiveSpan === 'function' && typeof api.isSpanContextValid === 'function') return api as OtelApi;
    } catch {
      // not installed where this loader looks
    }
  }
  return undefined;
}

function defaultLoaders(): Loader[] {
  return [createRequire(import.meta.url), createRequire(join(process.cwd(), 'package.json'))];
}

let api: OtelApi | null | undefined;

/** The active span's ids as `trace_id` and `span_id`, or `undefined` (no API, no active valid span). */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  if (api === undefined) api = loadOtelApi() ?? null;
  if (api === null) return undefined;
  try {
    const context = api.trace.getActiveSpan()?.spanContext();
    if (!context || !api.isSpanContextValid(context)) return undefined;
    return { trace_id: context.traceId, span_id: context.spanId };
  } catch {
    return undefined;
  }
}
