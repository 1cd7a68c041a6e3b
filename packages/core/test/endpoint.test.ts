import { isLoopbackHost, normaliseEndpoint, planDiscovery } from '@logflux/core';
import { describe, expect, it } from 'vitest';

describe('normaliseEndpoint', () => {
  it('accepts loopback http and normalises', () => {
    expect(normaliseEndpoint('http://127.0.0.1:7600/')).toBe('http://127.0.0.1:7600');
    expect(normaliseEndpoint('https://Example.com:443//')).toBe('https://example.com');
  });

  it('rejects http elsewhere with insecure_endpoint', () => {
    expect(() => normaliseEndpoint('http://example.com')).toThrow(expect.objectContaining({ errorClass: 'insecure_endpoint' }));
  });

  it('rejects backslashes and control characters', () => {
    expect(() => normaliseEndpoint('https://example.com\\x')).toThrow(expect.objectContaining({ errorClass: 'invalid_url' }));
    expect(() => normaliseEndpoint('https://exa\tmple.com')).toThrow(expect.objectContaining({ errorClass: 'invalid_url' }));
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.255.0.1')).toBe(true);
    expect(isLoopbackHost('127.256.0.1')).toBe(false);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('localhost.example')).toBe(false);
  });
});

describe('planDiscovery', () => {
  it('returns both discovery URLs for a prefixed key', () => {
    expect(planDiscovery('ap-lf_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6')).toEqual({
      kind: 'discover',
      region: 'ap',
      staticUrl: 'https://discover.ap.logflux.io',
      authenticatedUrls: [
        'https://api.logflux.io/api/discovery',
        'https://ap.api.logflux.io/api/discovery',
        'https://api.ap.logflux.io/v1/discovery',
      ],
      authenticatedUrl: 'https://api.ap.logflux.io/v1/discovery',
    });
  });
});
