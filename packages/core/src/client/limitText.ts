import type { LimitReason } from './attributes.js';

/**
 * What the client says, once per limit, when an attribute or size limit changed an entry
 * (context.ts counts it at once; this text comes with the lazily loaded parts, deferred.ts).
 */
export const LIMIT_TEXT: Record<LimitReason, string> = {
  attribute_count: 'over 128 attributes: the rest left out',
  attribute_key: 'attribute key over 256 characters: left out',
  attribute_value: 'attribute value over 8192 characters: cut',
  entry_size: 'entry over 1 MiB: attributes, then message, cut',
};
