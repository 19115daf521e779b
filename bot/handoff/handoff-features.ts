/**
 * Handoff to city staff, as the assistant's turns see it: asking for a person opens one; while a
 * staff member holds the conversation the assistant records what the person writes and stays
 * silent; once it is handed back (or times out) the assistant answers again.
 */
import type { Middleware } from '../compose.ts';
import { t } from '../i18n/catalog.ts';
import { cityProfile } from '../locale/installed.ts';
import type { Logger } from '../ports.ts';
import type { TurnContext } from '../turn.ts';
import type { Reply } from '../types.ts';
import type { HandoffStore } from './ports.ts';
import { isActiveHandoff, type HandoffContact, type HandoffMessage } from './types.ts';

export interface HandoffFeatures {
  /** First step of a turn: records the person's message and silences the assistant while staff hold it. */
  gate: Middleware<TurnContext>;
  /** Opens a handoff (or reports the one already waiting); undefined when the store failed. */
  open(ctx: TurnContext): Promise<Reply | undefined>;
}

export interface HandoffFeaturesOptions {
  store: HandoffStore;
  logger: Logger;
  /** Told to the person: after this long without a staff member, they get the public contact. */
  timeoutMinutes: number;
}

/** Areas of knowledge entries whose readers are visitors rather than residents. */
const TOURIST_AREA_PREFIX = 'tour.';

/** Visitors go to the tourist line, residents to the citizens' hotline (city.yaml `contacts`). */
export function contactFor(ctx: Pick<TurnContext, 'lang' | 'state'>): HandoffContact {
  const discussed = ctx.state.dialogue?.entryId;
  if (discussed?.startsWith(TOURIST_AREA_PREFIX)) return 'tourists';
  return ctx.lang === cityProfile().defaultLang ? 'citizens' : 'tourists';
}

/** What the person sent, as staff read it. */
function personText(ctx: TurnContext): string {
  if (ctx.message.text?.trim()) return ctx.message.text.trim().slice(0, 2000);
  if (ctx.message.location) return `📍 ${ctx.message.location.lat}, ${ctx.message.location.lng}`;
  if (ctx.message.attachments?.length) return `📷 ×${ctx.message.attachments.length}`;
  return ctx.text;
}

export function silentReply(ctx: TurnContext): Reply {
  return { text: '', quickReplies: [], silent: true, meta: { intent: 'handoff', lang: ctx.lang, confidence: 1, sources: [] } };
}

export function createHandoffFeatures(options: HandoffFeaturesOptions): HandoffFeatures {
  const { store, logger } = options;

  const gate: Middleware<TurnContext> = async (ctx, next) => {
    const id = ctx.state.handoff?.id;
    if (!id) return next();
    let held = false;
    try {
      const handoff = await store.get(id);
      if (!handoff || !isActiveHandoff(handoff.status)) {
        ctx.state.handoff = undefined;
        return next();
      }
      await store.addPersonMessage(id, personText(ctx), ctx.now);
      held = handoff.status === 'claimed';
    } catch (error) {
      // The person still gets an answer from the assistant rather than none at all.
      logger.warn('handoff not read', { error: (error as Error).message });
      return next();
    }
    if (held) {
      ctx.reply = silentReply(ctx);
      return;
    }
    return next();
  };

  async function open(ctx: TurnContext): Promise<Reply | undefined> {
    const transcript: HandoffMessage[] = (ctx.state.transcript ?? []).map((line) => ({ from: line.from, text: line.text, at: new Date(line.at) }));
    if (ctx.message.text?.trim()) transcript.push({ from: 'person', text: personText(ctx), at: ctx.now });
    try {
      const alreadyOpen = ctx.state.handoff !== undefined;
      const handoff = await store.open(
        { channel: ctx.message.channel, conversationId: ctx.message.conversationId, userId: ctx.message.userId, lang: ctx.lang, contact: contactFor(ctx), transcript },
        ctx.now,
      );
      ctx.state.handoff = { id: handoff.id };
      const key = alreadyOpen || handoff.openedAt.getTime() < ctx.now.getTime() ? 'handoff.waiting' : 'handoff.opened';
      return { text: t(ctx.lang, key, { minutes: options.timeoutMinutes }), quickReplies: [], meta: { intent: 'handoff', lang: ctx.lang, confidence: 1, sources: [] } };
    } catch (error) {
      logger.error('handoff not opened', { channel: ctx.message.channel, error: (error as Error).message });
      return undefined;
    }
  }

  return { gate, open };
}
