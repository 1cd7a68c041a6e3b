import { describe, expect, it } from 'vitest';
import { mapAgentEntry } from '../src/mapping/agentEntry.js';

const ctx = { source: 'fallback', attributes: { host: 'web-1' }, now: 1_764_600_000_000 };
const entry = (o: object) => {
  const r = mapAgentEntry(o, ctx);
  if ('error' in r) throw new Error(r.error);
  return r;
};

describe('mapAgentEntry (agent protocol → inner entry)', () => {
  it('maps the fields of the official SDKs: level 0-7 → 1-8, seconds → ms, labels → attributes, id kept', () => {
    const r = entry({
      id: '6f1c…',
      message: 'payment failed',
      source: 'billing',
      entry_type: 1,
      level: 3,
      timestamp: 1764600000,
      labels: { region: 'eu', payload_type: 'application' },
    });
    expect(r.secret).toBeUndefined();
    expect(r.entry).toEqual({
      type: 'log',
      level: 4,
      ts: 1764600000000,
      source: 'billing',
      message: 'payment failed',
      attributes: { host: 'web-1', region: 'eu', payload_type: 'application', entry_id: '6f1c…' },
    });
  });

  it("accepts PHP's empty labels [], C's missing labels, level words, and falls back for the rest", () => {
    expect(entry({ message: 'a', labels: [] }).entry).toEqual({
      type: 'log',
      level: 7,
      ts: ctx.now,
      source: 'fallback',
      message: 'a',
      attributes: { host: 'web-1' },
    });
    expect(entry({ message: 'b', level: 'warning' }).entry.level).toBe(5);
    expect(entry({ message: 'c', level: 99, timestamp: 'soon' }).entry).toMatchObject({ level: 7, ts: ctx.now });
    expect(entry({ message: 'd', timestamp: '2026-11-22T09:30:00.000Z' }).entry.ts).toBe(Date.parse('2026-11-22T09:30:00.000Z'));
    expect(entry({ message: { nested: true } }).entry.message).toBe('{"nested":true}');
  });

  it('returns shared_secret beside the entry, never in it', () => {
    const r = entry({ message: 'x', shared_secret: 's3cret', labels: { k: 'v' } });
    expect(r.secret).toBe('s3cret');
    expect(JSON.stringify(r.entry)).not.toContain('s3cret');
  });

  it('maps types 2-5 to their v2 types when their fields are there, else keeps a log naming the type', () => {
    expect(entry({ message: 'cpu.load=0.75', entry_type: 2 }).entry).toMatchObject({
      type: 'metric',
      name: 'cpu.load',
      value: 0.75,
      kind: 'gauge',
    });
    expect(entry({ message: 'queue.depth 12 items', entry_type: 2 }).entry).toMatchObject({
      name: 'queue.depth',
      value: 12,
      unit: 'items',
    });
    expect(entry({ message: '{"name":"jobs","value":3,"kind":"counter"}', entry_type: 2 }).entry).toMatchObject({
      type: 'metric',
      kind: 'counter',
    });
    expect(entry({ message: 'not a number', entry_type: 2 }).entry).toMatchObject({ type: 'log', attributes: { entry_type: 'metric' } });
    expect(entry({ message: 'deploy', entry_type: 4 }).entry).toMatchObject({ type: 'event', event: 'deploy' });
    expect(entry({ message: 'span', entry_type: 3 }).entry).toMatchObject({ type: 'log', attributes: { entry_type: 'trace' } });
    const audit = entry({
      message: 'role changed',
      entry_type: 5,
      labels: { action: 'role.update', actor: 'u1', resource: 'user', resource_id: 'u2', outcome: 'success', extra: 'y' },
    }).entry;
    expect(audit).toMatchObject({
      type: 'audit',
      action: 'role.update',
      actor: 'u1',
      resource_id: 'u2',
      outcome: 'success',
      attributes: { extra: 'y' },
    });
    expect(audit.attributes).not.toHaveProperty('actor');
    expect(entry({ message: 'half', entry_type: 5, labels: { action: 'x' } }).entry).toMatchObject({
      type: 'log',
      attributes: { entry_type: 'audit' },
    });
  });

  it('refuses what is not an entry', () => {
    expect(mapAgentEntry([1], ctx)).toEqual({ error: 'not_an_object' });
    expect(mapAgentEntry('text', ctx)).toEqual({ error: 'not_an_object' });
    expect(mapAgentEntry({ level: 3 }, ctx)).toEqual({ error: 'no_message' });
  });
});
