/** Drives a complaint intake over real HTTP, answering each prompt the way a person would. */
import { expect } from 'vitest';

export interface ChatResponse {
  replies: { text: string; quickReplies: { label: string; payload: string }[]; requestLocation: boolean }[];
  meta: { intent: string; lang: string; category?: string; ticketCode?: string };
}

export async function postChat(baseUrl: string, body: Record<string, unknown>, browser?: WebChatBrowser): Promise<ChatResponse> {
  const res = await fetch(`${baseUrl}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...browser?.headers() },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  browser?.keep(res);
  return (await res.json()) as ChatResponse;
}

/** Keeps the web chat's identity cookie between requests, the way a browser does. */
export interface WebChatBrowser {
  headers(): Record<string, string>;
  keep(res: Response): void;
  cookie(): string | undefined;
}

export function webChatBrowser(): WebChatBrowser {
  let cookie: string | undefined;
  return {
    headers: (): Record<string, string> => (cookie ? { cookie } : {}),
    keep(res) {
      const set = res.headers.getSetCookie().find((c) => c.startsWith('hue_chat='));
      if (set) cookie = set.split(';')[0];
    },
    cookie: () => cookie,
  };
}

/** GET /api/chat/notices as that browser. */
export async function fetchNotices(baseUrl: string, conversationId: string, browser?: WebChatBrowser): Promise<{ text: string }[]> {
  const res = await fetch(`${baseUrl}/api/chat/notices?conversationId=${encodeURIComponent(conversationId)}`, { headers: browser?.headers() ?? {} });
  expect(res.status).toBe(200);
  browser?.keep(res);
  return ((await res.json()) as { notices: { text: string }[] }).notices;
}

/**
 * Reports a problem and walks the intake to the end: confirms the suggested category, shares the
 * location when asked, skips photos and phone, and confirms. Returns the ticket code.
 */
export async function fileComplaint(
  send: (message: { text?: string; postback?: string; location?: { lat: number; lng: number } }) => Promise<ChatResponse>,
  report: string,
  category: string,
  location: { lat: number; lng: number },
): Promise<string> {
  let reply = await send({ text: report });
  expect(reply.meta).toMatchObject({ intent: 'complaint', category });
  // The person shares where it is straight away; the intake takes a location at any step.
  reply = await send({ location });
  expect(reply.meta.intent).toBe('complaint');
  for (let step = 0; step < 10; step++) {
    if (reply.meta.ticketCode) return reply.meta.ticketCode;
    const last = reply.replies.at(-1)!;
    const payloads = last.quickReplies.map((q) => q.payload);
    if (last.requestLocation) reply = await send({ location });
    else if (payloads.includes(`intake:cat:${category}`)) reply = await send({ postback: `intake:cat:${category}` });
    else if (payloads.includes('intake:confirm')) reply = await send({ postback: 'intake:confirm' });
    else if (payloads.includes('intake:dup:new')) reply = await send({ postback: 'intake:dup:new' });
    else if (payloads.includes('intake:skip')) reply = await send({ postback: 'intake:skip' });
    else if (payloads.includes('intake:no')) reply = await send({ postback: 'intake:no' });
    else throw new Error(`no way forward from: ${last.text}`);
  }
  throw new Error('intake did not finish in 10 steps');
}
