/**
 * Plays a citizen on Telegram, Bot Framework and Zalo against a running app whose channels point
 * at the fake platform servers: sends what the platform would send to the webhook, and reads the
 * bot's answers from what the fake platform API received.
 */
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import type { FakeConnector } from './fake-connector.ts';
import type { FakeTelegram } from './fake-telegram.ts';
import type { FakeZalo } from './fake-zalo.ts';

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** One message the bot sent, as the citizen's app shows it. */
export interface SeenMessage {
  text: string;
  /** Buttons or numbered choices: the label shown and what the platform sends back for it. */
  choices: { label: string; token: string }[];
  /** The platform's own way of asking for a location (Telegram keyboard, Zalo hint). */
  asksLocation: boolean;
}

/** Everything the bot sent in answer to one message. */
export interface BotTurn {
  messages: SeenMessage[];
  text: string;
  labels: string[];
  asksLocation: boolean;
}

export interface ChannelDriver {
  readonly name: 'telegram' | 'botframework' | 'zalo';
  /** Where the platform delivers to this citizen: chat id, conversation id or Zalo user id. */
  readonly address: string;
  /** Every message the bot sent to this citizen so far. */
  seen(): SeenMessage[];
  sendText(text: string): Promise<BotTurn>;
  sendLocation(point: GeoPoint): Promise<BotTurn>;
  /** Taps the button (or replies with the number) labelled `label` in the last turn. */
  press(label: string): Promise<BotTurn>;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` holds, failing with `what` after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

/**
 * Runs `act`, then collects what the bot sent: waits for at least one new message, then until
 * nothing more arrives for a short while (a turn may be split over several messages).
 */
async function collectTurn(seen: () => SeenMessage[], act: () => Promise<void>, what: string): Promise<BotTurn> {
  const before = seen().length;
  await act();
  await waitFor(() => seen().length > before, `a reply to ${what}`);
  let count = seen().length;
  for (;;) {
    await pause(150);
    if (seen().length === count) break;
    count = seen().length;
  }
  const messages = seen().slice(before);
  return {
    messages,
    text: messages.map((m) => m.text).join('\n'),
    labels: messages.flatMap((m) => m.choices.map((c) => c.label)),
    asksLocation: messages.some((m) => m.asksLocation),
  };
}

function choiceFor(turn: BotTurn | undefined, label: string, channel: string): string {
  const choice = turn?.messages.flatMap((m) => m.choices).find((c) => c.label === label);
  if (!choice) throw new Error(`${channel}: no choice labelled "${label}" in the last turn (offered: ${turn?.labels.join(' | ') ?? 'nothing'})`);
  return choice.token;
}

// ---------------------------------------------------------------- Telegram

export const TELEGRAM_SECRET_HEADER = 'x-telegram-bot-api-secret-token';
let nextUpdateId = 700_000;
export const newUpdateId = () => nextUpdateId++;

export interface TelegramDriverOptions {
  appUrl: string;
  api: FakeTelegram;
  secret: string;
  chatId: number;
  languageCode?: string;
}

export interface TelegramDriver extends ChannelDriver {
  /** POSTs a raw update to the webhook with the given secret (the right one by default). */
  postUpdate(update: Record<string, unknown>, secret?: string): Promise<Response>;
  textUpdate(text: string, updateId?: number): Record<string, unknown>;
}

function parseMarkup(markup: unknown): Record<string, unknown> | undefined {
  if (typeof markup === 'string') return JSON.parse(markup) as Record<string, unknown>;
  return markup && typeof markup === 'object' ? (markup as Record<string, unknown>) : undefined;
}

export function telegramDriver(options: TelegramDriverOptions): TelegramDriver {
  const { api, chatId } = options;
  const from = { id: chatId, is_bot: false, first_name: 'Citizen', ...(options.languageCode ? { language_code: options.languageCode } : {}) };
  const chat = { id: chatId, type: 'private', first_name: 'Citizen' };
  let messageId = 1;
  let last: BotTurn | undefined;

  const seen = (): SeenMessage[] =>
    api
      .callsTo('sendMessage')
      .filter((c) => String(c.body['chat_id']) === String(chatId))
      .map((c) => {
        const markup = parseMarkup(c.body['reply_markup']);
        const inline = (markup?.['inline_keyboard'] ?? []) as { text: string; callback_data?: string }[][];
        const keyboard = (markup?.['keyboard'] ?? []) as { text: string; request_location?: boolean }[][];
        return {
          text: String(c.body['text']),
          choices: inline.flat().map((b) => ({ label: b.text, token: String(b.callback_data) })),
          asksLocation: keyboard.flat().some((b) => b.request_location === true),
        };
      });

  const postUpdate = (update: Record<string, unknown>, secret = options.secret) =>
    post(`${options.appUrl}/telegram/webhook`, JSON.stringify(update), { [TELEGRAM_SECRET_HEADER]: secret });

  const message = (extra: Record<string, unknown>, updateId = newUpdateId()) => ({
    update_id: updateId,
    message: { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat, from, ...extra },
  });

  async function deliver(update: Record<string, unknown>, what: string): Promise<BotTurn> {
    last = await collectTurn(seen, async () => {
      const res = await postUpdate(update);
      expect(res.status, `telegram webhook status for ${what}`).toBe(200);
    }, what);
    return last;
  }

  return {
    name: 'telegram',
    address: String(chatId),
    seen,
    postUpdate,
    textUpdate: (text, updateId) => message({ text }, updateId),
    sendText: (text) => deliver(message({ text }), `"${text}"`),
    sendLocation: (point) => deliver(message({ location: { latitude: point.lat, longitude: point.lng } }), 'a location'),
    press(label) {
      const data = choiceFor(last, label, 'telegram');
      const update = {
        update_id: newUpdateId(),
        callback_query: {
          id: `cbq-${chatId}-${messageId}`,
          from,
          chat_instance: `ci-${chatId}`,
          data,
          message: { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat, from: { id: 42, is_bot: true, first_name: 'Hue' } },
        },
      };
      return deliver(update, `a tap on "${label}"`);
    },
  };
}

// ---------------------------------------------------------------- Bot Framework

export interface BotFrameworkDriverOptions {
  appUrl: string;
  connector: FakeConnector;
  conversationId: string;
  userId: string;
  locale?: string;
  /** Bot Framework has no location keyboard: the location question is recognised by its wording. */
  locationPrompt: string;
}

export function botFrameworkDriver(options: BotFrameworkDriverOptions): ChannelDriver {
  const { connector, conversationId } = options;
  let activityNo = 1;
  let last: BotTurn | undefined;

  const seen = (): SeenMessage[] =>
    connector.posts
      .filter((p) => p.conversationId === conversationId)
      .map((p) => {
        const text = String(p.activity['text'] ?? '');
        const suggested = p.activity['suggestedActions'] as { actions?: { type: string; title: string; value: string }[] } | undefined;
        return {
          text,
          // imBack sends its value back as the user's text.
          choices: (suggested?.actions ?? []).map((a) => ({ label: a.title, token: String(a.value) })),
          asksLocation: text.includes(options.locationPrompt),
        };
      });

  async function deliver(extra: Record<string, unknown>, what: string): Promise<BotTurn> {
    const activity = {
      type: 'message',
      id: `${conversationId}-act-${activityNo++}`,
      channelId: 'emulator',
      serviceUrl: connector.url,
      timestamp: new Date().toISOString(),
      locale: options.locale ?? 'vi-VN',
      from: { id: options.userId, name: 'Citizen' },
      recipient: { id: 'hue-bot', name: 'Hue' },
      conversation: { id: conversationId },
      ...extra,
    };
    last = await collectTurn(seen, async () => {
      const res = await post(`${options.appUrl}/api/messages`, JSON.stringify(activity), {});
      expect(res.status, `bot framework status for ${what}`).toBeLessThan(300);
    }, what);
    return last;
  }

  return {
    name: 'botframework',
    address: conversationId,
    seen,
    sendText: (text) => deliver({ text }, `"${text}"`),
    sendLocation: (point) => deliver({ entities: [{ type: 'GeoCoordinates', latitude: point.lat, longitude: point.lng }] }, 'a location'),
    press: (label) => deliver({ text: choiceFor(last, label, 'botframework') }, `a tap on "${label}"`),
  };
}

// ---------------------------------------------------------------- Zalo

export const ZALO_SIGNATURE_HEADER = 'x-zevent-signature';

export interface ZaloDriverOptions {
  appUrl: string;
  zalo: FakeZalo;
  appId: string;
  oaSecretKey: string;
  oaId: string;
  userId: string;
  /** The hint the channel appends when it wants a location. */
  locationHint: string;
}

export interface ZaloDriver extends ChannelDriver {
  /** A signed webhook request body and headers for one event. */
  signedEvent(eventName: string, message: Record<string, unknown>): { body: string; headers: Record<string, string> };
  postEvent(request: { body: string; headers: Record<string, string> }): Promise<Response>;
}

export function zaloMac(appId: string, raw: string, timestamp: string, oaSecretKey: string): string {
  return 'mac=' + createHash('sha256').update(appId + raw + timestamp + oaSecretKey).digest('hex');
}

export function zaloDriver(options: ZaloDriverOptions): ZaloDriver {
  const { zalo, userId } = options;
  let msgNo = 1;
  let clock = Date.now();

  const seen = (): SeenMessage[] =>
    zalo.sent
      .filter((s) => s.userId === userId)
      .map((s) => ({
        text: s.text,
        choices: [...s.text.matchAll(/^(\d{1,2})\. (.+)$/gm)].map((m) => ({ label: m[2]!.trim(), token: m[1]! })),
        asksLocation: s.text.includes(options.locationHint),
      }));

  function signedEvent(eventName: string, message: Record<string, unknown>) {
    const timestamp = String(clock++);
    const raw = JSON.stringify({
      app_id: options.appId,
      user_id_by_app: `${userId}9`,
      event_name: eventName,
      timestamp,
      sender: { id: userId },
      recipient: { id: options.oaId },
      message: { msg_id: `${userId}-msg-${msgNo++}`, ...message },
    });
    return { body: raw, headers: { [ZALO_SIGNATURE_HEADER]: zaloMac(options.appId, raw, timestamp, options.oaSecretKey) } };
  }

  const postEvent = (request: { body: string; headers: Record<string, string> }) => post(`${options.appUrl}/zalo/webhook`, request.body, request.headers);

  async function deliver(eventName: string, message: Record<string, unknown>, what: string): Promise<BotTurn> {
    return collectTurn(seen, async () => {
      const res = await postEvent(signedEvent(eventName, message));
      expect(res.status, `zalo webhook status for ${what}`).toBe(200);
    }, what);
  }

  return {
    name: 'zalo',
    address: userId,
    seen,
    signedEvent,
    postEvent,
    sendText: (text) => deliver('user_send_text', { text }, `"${text}"`),
    sendLocation: (point) =>
      deliver('user_send_location', { text: '', attachments: [{ type: 'location', payload: { coordinates: { latitude: String(point.lat), longitude: String(point.lng) } } }] }, 'a location'),
    press(label) {
      // The number is read off the last message the OA API was asked to send to this user.
      const lastSent = seen().at(-1);
      const number = lastSent?.choices.find((c) => c.label === label)?.token;
      if (!number) throw new Error(`zalo: no numbered choice "${label}" in the last message: ${lastSent?.text ?? '(none)'}`);
      return deliver('user_send_text', { text: number }, `choice ${number} ("${label}")`);
    },
  };
}

// ---------------------------------------------------------------- the intake

export interface IntakeLabels {
  category: string;
  skip: string;
  confirm: string;
  fileNew: string;
  no: string;
}

export const TICKET_CODE = /HUE-\d{4}-[0-9A-HJKMNP-TV-Z]{7}/;

/**
 * Reports a problem and walks the intake as a person would: confirms the category, shares the
 * location, skips photos and phone, confirms. Returns the ticket code read from the bot's text.
 */
export async function fileComplaintOver(driver: ChannelDriver, report: string, location: GeoPoint, labels: IntakeLabels): Promise<string> {
  await driver.sendText(report);
  // The person shares where it is straight away; the intake takes a location at any step.
  let turn = await driver.sendLocation(location);
  const transcript: string[] = [turn.text];
  for (let step = 0; step < 12; step++) {
    const offered = new Set(turn.labels);
    if (offered.has(labels.fileNew)) turn = await driver.press(labels.fileNew);
    else if (turn.asksLocation) turn = await driver.sendLocation(location);
    else if (offered.has(labels.category)) turn = await driver.press(labels.category);
    else if (offered.has(labels.confirm)) turn = await driver.press(labels.confirm);
    else if (offered.has(labels.skip)) turn = await driver.press(labels.skip);
    else if (offered.has(labels.no)) turn = await driver.press(labels.no);
    else {
      const code = TICKET_CODE.exec(turn.text)?.[0];
      if (code) return code;
      throw new Error(`${driver.name}: no way forward from:\n${transcript.join('\n---\n')}`);
    }
    transcript.push(turn.text);
  }
  throw new Error(`${driver.name}: intake did not finish in 12 steps:\n${transcript.join('\n---\n')}`);
}
