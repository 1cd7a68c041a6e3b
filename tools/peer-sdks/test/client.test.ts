import { describe, expect, it } from 'vitest';
import { PeerSdkClient } from '../index.js';

describe('PeerSdkClient', () => {
  it('refuses an API key without a region prefix before sending anything, like all three SDKs', async () => {
    for (const sdk of ['js', 'java', 'go'] as const) {
      const client = new PeerSdkClient({ sdk, apiKey: `lf_${'a'.repeat(32)}`, endpoint: 'http://127.0.0.1:9' });
      await expect(client.start()).rejects.toThrow(/no region prefix/);
      expect(client.requests).toEqual([]);
    }
  });
});
