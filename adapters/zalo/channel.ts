/**
 * Zalo Official Account channel: POST /zalo/webhook (raw body kept for the signature), 200 at
 * once, processing after; replies and ticket updates as customer-service messages.
 */
import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../bot/ports.ts';
import type { Lang } from '../../bot/language/langs.ts';
import { PermanentDeliveryError } from '../../bot/tickets/errors.ts';
import type { OutboundNotice } from '../../bot/types.ts';
import { bodyErrors, rawBody, DEFAULT_BODY_LIMIT } from '../channels/body.ts';
import { invalidRequest, sendError } from '../http/errors.ts';
import { createChoiceMemory } from '../channels/choices.ts';
import { silentLogger, type ChatChannel, type CommonChannelOptions } from '../channels/contract.ts';
import { describeError } from '../channels/errors.ts';
import { channelText } from '../channels/messages.ts';
import { runTurn, turnDeps } from '../channels/pipeline.ts';
import { createZaloClient, type ZaloClient } from './client.ts';
import { parseEvent } from './inbound.ts';
import { renderTexts, type RenderInput } from './outbound.ts';
import { CS_WINDOW_MS, DEFAULT_API_BASE, DEFAULT_OAUTH_BASE, DEFAULT_ZNS_API_BASE, SIGNATURE_HEADER } from './protocol.ts';
import { createZnsClient, znsTicketFallback } from './zns.ts';
import { parseJsonKeepingBigInts } from './safe-json.ts';
import { zaloEventSchema, type ZaloEvent } from './schema.ts';
import { createMemoryTokenStore, type ZaloTokenStore } from './tokens.ts';
import { DEFAULT_MAX_EVENT_AGE_MS, isFresh, requireSignatureHeader, verifyZaloSignature } from './verify.ts';
import { createFileLastSeen, createSharedLastSeen, type LastSeenStore } from './window.ts';
import { cityProfile } from '../../bot/locale/installed.ts';

export const ZALO_WEBHOOK_PATH = '/zalo/webhook';

export interface ZaloChannelOptions extends CommonChannelOptions {
  appId: string;
  oaSecretKey: string;
  accessToken: string;
  refreshToken?: string;
  appSecret?: string;
  apiBase?: string;
  oauthBase?: string;
  dataDir: string;
  /** The database's pair in a deployment; the configured pair in memory otherwise. */
  tokens?: ZaloTokenStore;
  /** Defaults to the shared state with Redis, a file under dataDir otherwise. */
  lastSeen?: LastSeenStore;
  now?: () => Date;
  bodyLimitBytes?: number;
  /** Signed events older (or further ahead) than this are refused as replays; default 5 minutes. */
  maxEventAgeMs?: number;
  /** ZNS template for ticket updates outside the 48 h window (sent to a consented phone number). */
  znsTemplateId?: string;
  znsApiBase?: string;
}

export function createZaloChannel(options: ZaloChannelOptions): ChatChannel {
  const logger = options.logger ?? silentLogger;
  const defaultLang = options.defaultLang ?? cityProfile().defaultLang;
  const now = options.now ?? (() => new Date());
  const maxEventAgeMs = options.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS;
  const lastSeen = options.lastSeen ?? (options.state?.kind === 'redis' ? createSharedLastSeen(options.state) : createFileLastSeen(options.dataDir));
  const choices = createChoiceMemory(options.state ? { store: options.state.store('choices:zalo') } : {});
  const tokens = options.tokens ?? createMemoryTokenStore({ accessToken: options.accessToken, ...(options.refreshToken ? { refreshToken: options.refreshToken } : {}) });
  const client = createZaloClient({
    apiBase: options.apiBase ?? DEFAULT_API_BASE,
    oauthBase: options.oauthBase ?? DEFAULT_OAUTH_BASE,
    tokens,
    appId: options.appId,
    ...(options.appSecret ? { appSecret: options.appSecret } : {}),
  });
  const deps = turnDeps(options);

  async function send(userId: string, input: RenderInput): Promise<void> {
    for (const text of renderTexts(input)) await client.sendText(userId, text);
    await choices.remember(userId, input.quickReplies);
  }

  async function processEvent(event: ZaloEvent): Promise<void> {
    const parsed = await parseEvent(event, choices, now());
    if (!parsed) return;
    if (parsed.kind === 'follow') {
      if (!(await deps.dedupe.claim(`zalo:${parsed.dedupeKey}`))) return;
      await lastSeen.touch(parsed.userId, now());
      await send(parsed.userId, { text: channelText(defaultLang, 'welcome'), quickReplies: [], lang: defaultLang });
      return;
    }
    const { message } = parsed;
    await runTurn(deps, message, parsed.dedupeKey, (reply) =>
      send(message.userId, { text: reply.text, quickReplies: reply.quickReplies, lang: reply.meta.lang, ...(reply.requestLocation ? { requestLocation: true } : {}) }),
      { onClaimed: () => lastSeen.touch(message.userId, now()) },
    );
  }

  const router = Router();
  router.post(
    ZALO_WEBHOOK_PATH,
    requireSignatureHeader,
    rawBody(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT),
    bodyErrors,
    (req: Request, res: Response) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      let json: unknown;
      try {
        json = parseJsonKeepingBigInts(raw.toString('utf8'));
      } catch {
        return void sendError(res, 400, 'invalid_json', 'request body is not valid JSON');
      }
      const event = zaloEventSchema.safeParse(json);
      if (!event.success) return void res.status(400).json(invalidRequest(event.error.issues));
      const signed = verifyZaloSignature(req.get(SIGNATURE_HEADER), { appId: options.appId, rawBody: raw, timestamp: event.data.timestamp, oaSecretKey: options.oaSecretKey });
      if (!signed) return void sendError(res, 401, 'unauthorized', 'the signature does not match');
      // A valid signature does not expire, so an old event replayed later would pass without this.
      if (!isFresh(event.data.timestamp, now(), maxEventAgeMs)) return void sendError(res, 401, 'stale_event', 'the event is too old or too far in the future', 'timestamp');
      // Zalo wants its 200 within ~2 s; the core and the send API may take longer.
      res.status(200).json({ received: true });
      processEvent(event.data).catch((error: unknown) => logger.error('zalo event failed', { event: event.data.event_name, ...describeError(error) }));
    },
  );

  const zns = options.znsTemplateId
    ? znsTicketFallback(createZnsClient({ apiBase: options.znsApiBase ?? DEFAULT_ZNS_API_BASE, tokens }), options.znsTemplateId)
    : undefined;

  return {
    name: 'zalo',
    router,
    ...(zns ? { fallback: zns } : {}),
    notifier: {
      async send(notice: OutboundNotice) {
        const seen = await lastSeen.lastSeen(notice.userId);
        if (!seen || now().getTime() - seen.getTime() > CS_WINDOW_MS) {
          throw new PermanentDeliveryError('zalo: outside the 48 h customer-service window');
        }
        await send(notice.userId, { text: notice.text, quickReplies: notice.quickReplies, lang: defaultLang });
      },
    },
  };
}

export type { ZaloClient };
