import { type NodeClientOptions, optionsFromEnv } from '@logflux/node';

/**
 * Options of the transport: everything `@logflux/node` takes that survives structured cloning to
 * pino's worker thread (so no functions: no `beforeSend` or `onError`). Unset options fall back to
 * the LOGFLUX_* environment variables, so `options` may be empty.
 */
export type PinoTransportOptions = Omit<Partial<NodeClientOptions>, 'beforeSend' | 'onError'> & {
  /** Field holding the message, if pino was configured with another `messageKey`. */
  messageKey?: string;
};

export function clientOptions(options: PinoTransportOptions = {}): NodeClientOptions {
  const { messageKey: _ignored, ...rest } = options;
  const fromEnv = rest.apiKey ? { apiKey: rest.apiKey } : optionsFromEnv(process.env);
  return {
    ...fromEnv,
    ...rest,
    onError: (e) => process.stderr.write(`logflux: ${e.errorClass}: ${e.message}\n`),
  } as NodeClientOptions;
}
