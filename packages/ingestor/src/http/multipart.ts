import { isLogFluxError, type MultipartPart, multipartBoundary, parseMultipart as parseParts } from '@logflux/core';
import { HttpError } from './respond.js';

/** One part of a multipart body: lower-cased header names and the raw body bytes (a view into the request body). */
export type Part = MultipartPart;

export interface MultipartBody {
  parts: Part[];
  /** Delimiters recovered by the JS SDK 3.0.1 rule of docs/protocol.md §8.4.1 (0 for correct framing). */
  jsFramingDelimiters: number;
}

/** The boundary parameter of a `multipart/mixed` Content-Type, or undefined when absent/invalid. */
export function boundaryOf(contentType: string): string | undefined {
  return multipartBoundary(contentType);
}

/**
 * Splits a multipart body per RFC 2046 §5.1 plus the JS SDK 3.0.1 rule of docs/protocol.md §8.4.1
 * (the core parser, shared with the test vectors). Never returns a part that still holds the
 * boundary: anything else malformed is a 400 whose `details.error` is `multipart_framing`.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  try {
    const parsed = parseParts(body, boundary, { compat: true, latin1: () => body.toString('latin1') });
    return {
      parts: parsed.parts,
      jsFramingDelimiters: parsed.jsFramingDelimiters,
    };
  } catch (error) {
    if (isLogFluxError(error, 'multipart_framing')) {
      throw new HttpError('invalid_request', error.message, { details: { error: 'multipart_framing' } });
    }
    throw error;
  }
}
