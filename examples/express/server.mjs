// An Express app that logs every request, and every unhandled error with its stack, through
// LogFlux. Configuration comes from LOGFLUX_* variables (see README.md). SIGTERM/SIGINT deliver
// what is queued before the process ends (handleSignals).

import { initFromEnv } from '@logflux/node';
import express from 'express';

const logflux = initFromEnv({ source: 'example-express', handleSignals: true });
const app = express();

// Request logging: one entry per response, at a level that follows the status.
app.use((req, res, next) => {
  const started = performance.now();
  res.on('finish', () => {
    const attributes = {
      method: req.method,
      path: req.path,
      status: res.statusCode,
      duration_ms: Math.round((performance.now() - started) * 10) / 10,
    };
    const message = `${req.method} ${req.path} ${res.statusCode}`;
    if (res.statusCode >= 500) logflux.error(message, attributes);
    else if (res.statusCode >= 400) logflux.warning(message, attributes);
    else logflux.info(message, attributes);
  });
  next();
});

app.get('/', (_req, res) => res.send('hello\n'));
app.get('/orders/:id', (req, res) => {
  logflux.event('order viewed', { order: req.params.id });
  res.json({ id: req.params.id, status: 'paid' });
});
app.get('/boom', () => {
  throw new Error('payment provider timed out');
});

// Errors: captured with stack frames, answered without leaking details.
app.use((error, req, res, _next) => {
  logflux.captureError(error, { attributes: { path: req.path } });
  res.status(500).send('internal error\n');
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`express example listening on http://127.0.0.1:${server.address().port}`);
});
