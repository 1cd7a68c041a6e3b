/** A realistic ~300-byte log entry (docs/protocol.md §6), varied per call. */
export function sampleEntry(i: number): Record<string, unknown> {
  return {
    v: '2.0',
    type: 'log',
    source: 'bench-api',
    level: 7,
    ts: new Date(1_795_000_000_000 + i).toISOString(),
    message: `GET /api/orders/${i} 200 in ${i % 97} ms`,
    logger: 'http',
    attributes: {
      request_id: (0x9e3779b9 * (i + 1)).toString(16).padStart(16, '0').slice(-16),
      user: `user-${i % 1000}`,
      route: '/api/orders/:id',
    },
    meta: { environment: 'production', release: '4.2.0', node: 'web-1' },
  };
}
