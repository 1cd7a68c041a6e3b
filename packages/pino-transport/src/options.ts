import type { NodeClientOptions } from '@logflux/node';

/**
 * Options of the transport: everything `@logflux/node` takes that survives structured cloning to
 * pino's worker thread (so no functions: no `beforeSend` or `onError`). Unset options come from
 * the `LOGFLUX_*` environment variables (field by field, as for `createLogFlux`), so `options`
 * may be empty.
 */
export type PinoTransportOptions = Omit<Partial<NodeClientOptions>, 'beforeSend' | 'onError'> & {
  /** Field holding the message, if pino was configured with another `messageKey`. */
  messageKey?: string;
};

export function clientOptions(options: PinoTransportOptions = {}): NodeClientOptions {
  const { messageKey: _ignored, ...rest } = options ?? {};
  return { ...rest, onError: (e) => process.stderr.write(`logflux: ${e.errorClass}: ${e.message}\n`) } as NodeClientOptions;
}
