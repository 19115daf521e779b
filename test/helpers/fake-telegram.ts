/** A fake Telegram Bot API: records every method call and serves files under /file/bot<token>/. */
import express, { type Response } from 'express';
import { listen, type RunningServer } from './fake-server.ts';

export interface BotApiCall {
  method: string;
  token: string;
  body: Record<string, unknown>;
}

export interface FakeTelegram extends RunningServer {
  calls: BotApiCall[];
  callsTo(method: string): BotApiCall[];
  /** Bytes served for any file path. */
  fileBytes: Buffer;
  /** Updates handed out by the next getUpdates call (long polling). */
  pendingUpdates: unknown[];
  /** Makes the next calls of `method` fail with this Bot API error. */
  failWith(method: string, errorCode: number, description: string): void;
  /**
   * Leaves calls the predicate picks unanswered, as a platform that has stopped responding: the
   * sender is left waiting and nothing is recorded in `calls`. They are listed in `held`.
   */
  hold(matches: (call: BotApiCall) => boolean): void;
  held: BotApiCall[];
  /** Stops holding; held calls whose sender still waits are answered normally. */
  release(): void;
}

export const TINY_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

export async function startFakeTelegram(): Promise<FakeTelegram> {
  const calls: BotApiCall[] = [];
  const failures = new Map<string, { error_code: number; description: string }>();
  let messageId = 1;
  let holding: ((call: BotApiCall) => boolean) | undefined;
  const waiting: { call: BotApiCall; res: Response }[] = [];
  const app = express();
  const fake = { calls, fileBytes: TINY_JPEG, pendingUpdates: [] as unknown[], held: [] as BotApiCall[] } as FakeTelegram;
  const answer = (call: BotApiCall, res: Response) => {
    calls.push(call);
    const failure = failures.get(call.method);
    if (failure) return void res.status(failure.error_code).json({ ok: false, ...failure });
    if (call.method === 'getUpdates') {
      const updates = fake.pendingUpdates.splice(0);
      // Long polling: an empty answer comes after a pause, as the real server holds the request.
      const delay = updates.length > 0 ? 0 : 100;
      return void setTimeout(() => res.json({ ok: true, result: updates }), delay);
    }
    res.json({ ok: true, result: resultFor(call.method, call.body, messageId++) });
  };
  app.get('/file/bot:token/*filePath', (_req, res) => void res.type('image/jpeg').send(fake.fileBytes));
  app.post('/bot:token/:method', express.json(), express.urlencoded({ extended: true }), (req, res) => {
    const call = { method: String(req.params['method']), token: String(req.params['token']), body: (req.body ?? {}) as Record<string, unknown> };
    if (holding?.(call)) {
      fake.held.push(call);
      waiting.push({ call, res });
      return;
    }
    answer(call, res);
  });
  const server = await listen(app);
  return Object.assign(fake, server, {
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    failWith: (method: string, error_code: number, description: string) => void failures.set(method, { error_code, description }),
    hold: (matches: (call: BotApiCall) => boolean) => void (holding = matches),
    release: () => {
      holding = undefined;
      for (const { call, res } of waiting.splice(0)) if (!res.socket?.destroyed) answer(call, res);
    },
  });
}

function resultFor(method: string, body: Record<string, unknown>, id: number): unknown {
  switch (method) {
    case 'getMe':
      return { id: 42, is_bot: true, first_name: 'Hue', username: 'hue_test_bot' };
    case 'sendMessage':
      return { message_id: id, date: 0, chat: { id: Number(body['chat_id']), type: 'private' }, text: body['text'] };
    case 'getFile':
      return { file_id: body['file_id'], file_unique_id: 'u1', file_size: TINY_JPEG.length, file_path: 'photos/file_1.jpg' };
    default:
      return true;
  }
}
