/**
 * The ceiling for the chat benchmark: a bare express app with one POST route that parses a JSON
 * body and answers a tiny JSON object. Nothing can serve chat faster on this machine and stack.
 */
import express from 'express';

const app = express();
app.get('/healthz', (_req, res) => {
  res.json({ ok: true });
});
app.post('/api/chat', express.json({ limit: '64kb' }), (req, res) => {
  const body = req.body as { conversationId?: string };
  res.json({ conversationId: body.conversationId ?? null, text: 'ok' });
});
app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
