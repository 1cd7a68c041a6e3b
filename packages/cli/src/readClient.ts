import type { Diagnostics, Envelope } from '@logflux/core';
import { UsageError } from './io.js';

export interface StoredEntry extends Envelope {
  id: number;
  received_at: string;
}

export interface EntryFilter {
  from?: string;
  to?: string;
  entryType?: number;
}

/** The read API of the ingestor, with errors a person understands. Carries only ciphertext. */
export class ReadClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly log?: Diagnostics,
  ) {}

  private async get(path: string): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, { headers: { Authorization: `Bearer ${this.token}` }, redirect: 'error' });
    } catch (error) {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new UsageError(`cannot reach the ingestor at ${this.baseUrl}${code ? ` (${code})` : ''}; is "logflux serve" running?`);
    }
    this.log?.debug(`GET ${this.baseUrl}${path.split('?')[0]}: ${res.status}`);
    if (res.status === 401 || res.status === 403)
      throw new UsageError('the ingestor refused the read token (use the read token, not the API key)');
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new UsageError(`the ingestor answered ${res.status} to ${path.split('?')[0]}`);
    return ((await res.json()) as { data: unknown }).data;
  }

  async page(after: number, filter: EntryFilter, limit = 1000): Promise<{ entries: StoredEntry[]; next: number | null }> {
    const q = new URLSearchParams({ after: String(after), limit: String(limit) });
    if (filter.from) q.set('from', filter.from);
    if (filter.to) q.set('to', filter.to);
    if (filter.entryType !== undefined) q.set('entry_type', String(filter.entryType));
    const data = (await this.get(`/v1/entries?${q}`)) as { entries: StoredEntry[]; next_after: number | null };
    this.log?.debug(`entries after id ${after}: ${data.entries.length} stored, next ${data.next_after ?? 'none'}`);
    return { entries: data.entries, next: data.next_after };
  }

  async encryptedSecret(keyId: string): Promise<string | undefined> {
    const data = (await this.get(`/v1/keys/${encodeURIComponent(keyId)}`)) as { encrypted_secret: string } | undefined;
    return data?.encrypted_secret;
  }
}
