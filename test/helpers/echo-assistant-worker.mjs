// A stand-in assistant worker speaking the worker protocol: echoes text, fails or dies on request.
import { parentPort, workerData } from 'node:worker_threads';

if (workerData.config.KNOWLEDGE_DIR === 'fail-at-start') throw new Error('knowledge folder unreadable');

parentPort.on('message', (message) => {
  if (message.kind === 'close') {
    parentPort.close();
    return;
  }
  const text = message.message.text;
  if (text === 'die') process.exit(3);
  if (text === 'fail') {
    parentPort.postMessage({ kind: 'failed', id: message.id, error: 'turn failed' });
    return;
  }
  const reply = { text: `echo:${text}`, quickReplies: [], meta: { intent: 'answer', lang: 'en', confidence: 1, sources: [] } };
  parentPort.postMessage({ kind: 'reply', id: message.id, reply });
});
parentPort.postMessage({ kind: 'log', level: 'info', message: 'echo worker ready' });
parentPort.postMessage({ kind: 'ready', knowledge: { version: 'echo-1', entries: 1, categories: [] } });
