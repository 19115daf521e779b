/** A fake Bot Framework connector: records activities the bot posts to /v3/conversations/:id/activities. */
import express from 'express';
import { listen, type RunningServer } from './fake-server.ts';

export interface ConnectorPost {
  conversationId: string;
  replyToId?: string;
  authorization?: string;
  activity: Record<string, unknown>;
}

export interface FakeConnector extends RunningServer {
  posts: ConnectorPost[];
  /** When set, every post is refused with this HTTP status (and not recorded). */
  failWith?: number;
}

export async function startFakeConnector(): Promise<FakeConnector> {
  const posts: ConnectorPost[] = [];
  const app = express();
  const control: { failWith?: number } = {};
  const record = (req: express.Request, res: express.Response) => {
    if (control.failWith) return void res.status(control.failWith).json({ error: { code: 'Refused', message: 'refused by the test' } });
    const replyToId = req.params['activityId'];
    posts.push({
      conversationId: decodeURIComponent(String(req.params['conversationId'])),
      ...(typeof replyToId === 'string' ? { replyToId } : {}),
      ...(req.get('authorization') ? { authorization: req.get('authorization') } : {}),
      activity: req.body as Record<string, unknown>,
    });
    res.status(200).json({ id: `bot-activity-${posts.length}` });
  };
  app.post('/v3/conversations/:conversationId/activities', express.json(), record);
  app.post('/v3/conversations/:conversationId/activities/:activityId', express.json(), record);
  const server = await listen(app);
  return Object.assign(control, { posts }, server);
}
