/**
 * Multi-turn conversation evaluation:
 *   `npm run eval -- --conversations FILE.jsonl [--json] [--verbose] [--lexical] [--url http://127.0.0.1:3000]`
 * Plays every conversation of the file, turn by turn, in its own conversation (in-process through
 * createLocalAssistant, or against a running server's POST /api/chat with --url) and checks each
 * reply against the turn's expectations, its language and a privacy rule. Format: eval/README.md.
 * With --json the last line of stdout is the summary object. Reports go to
 * eval/reports/conversations-<name>.{md,json}.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Lang } from '../bot/language/langs.ts';
import type { GeoPoint, QuickReply, Reply } from '../bot/types.ts';
import type { EvalCase } from './dataset.ts';
import { createLocalAssistant } from './local-assistant.ts';
import { LANG_ROWS, langRow, percentile, ratio, type LangRow } from './metrics.ts';
import { describeMachine, machine, writeNamedReport, type Machine } from './report.ts';

// ── format ────────────────────────────────────────────────────────────────────────────────────

export const CONVERSATION_KINDS = ['follow-up', 'clarify', 'intake', 'switch', 'handoff', 'oos', 'mixed'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
/** A two-letter language code; which languages exist is the assistant's business (its locale packs). */
const langCode = z.custom<Lang>((v) => typeof v === 'string' && /^[a-z]{2}$/.test(v), 'a two-letter language code');

const expectSchema = z
  .object({
    intent: oneOrMany.optional(),
    entry: oneOrMany.optional(),
    lang: langCode.optional(),
    contains: z.array(z.string().min(1)).optional(),
    notContains: z.array(z.string().min(1)).optional(),
    category: z.string().min(1).optional(),
    ticketFiled: z.boolean().optional(),
  })
  .strict();

const turnSchema = z
  .object({
    text: z.string().min(1).optional(),
    postback: z.string().min(1).optional(),
    choose: z.number().int().min(1).optional(),
    location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).strict().optional(),
    attachments: z.array(z.object({ kind: z.literal('image'), ref: z.string().min(1) }).strict()).min(1).optional(),
    expect: expectSchema.optional(),
  })
  .strict()
  .refine((t) => [t.text, t.postback, t.choose].filter((x) => x !== undefined).length <= 1, 'a turn has at most one of text, postback, choose')
  .refine((t) => t.text !== undefined || t.postback !== undefined || t.choose !== undefined || t.location || t.attachments, 'a turn sends text, postback, choose, location or attachments');

export const conversationSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(CONVERSATION_KINDS),
    lang: langCode,
    /** Free text for the people who read the file; ignored by the runner. */
    note: z.string().optional(),
    turns: z.array(turnSchema).min(1),
  })
  .strict()
  .refine((c) => c.turns[0]!.choose === undefined, 'the first turn cannot "choose": there is no previous reply');

export type ConversationCase = z.infer<typeof conversationSchema>;
export type ConversationTurn = ConversationCase['turns'][number];
export type TurnExpect = NonNullable<ConversationTurn['expect']>;

export function parseConversations(text: string, source = 'conversations'): ConversationCase[] {
  const out: ConversationCase[] = [];
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(`${source}:${i + 1}: not valid JSON (${(error as Error).message})`);
    }
    const parsed = conversationSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${source}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'conversation'}: ${x.message}`).join('; ')}`);
    if (ids.has(parsed.data.id)) throw new Error(`${source}:${i + 1}: duplicate id "${parsed.data.id}"`);
    ids.add(parsed.data.id);
    out.push(parsed.data);
  });
  return out;
}

export const readConversations = (path: string): ConversationCase[] => parseConversations(readFileSync(path, 'utf8'), path);

const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** The language row of a conversation: its language, with Vietnamese split by the first typed text's diacritics. */
export function conversationRow(c: ConversationCase): LangRow {
  const text = c.turns.find((t) => t.text !== undefined)?.text ?? '';
  return langRow({ id: c.id, text, lang: c.lang, expect: [], expected: [] } satisfies EvalCase);
}

// ── privacy ───────────────────────────────────────────────────────────────────────────────────

/**
 * A Vietnamese phone number as it may appear in a reply: 9–11 digits starting with 0 (or +84 and
 * 8–10 digits), digits optionally separated by single spaces or dots.
 */
const PHONE = /(?<![\d+])(?:\+84[ .\u00a0]?|0)\d(?:[ .\u00a0]?\d){7,9}(?![\d])/g;
/** A ticket code: PREFIX-YYYY-XXXXXXC (random with a check character) or the earlier PREFIX-YYYY-NNNNNN. */
const TICKET_CODE = /(?<![A-Za-z0-9])[A-Z][A-Z0-9]{1,9}-\d{4}-(?:[0-9A-HJKMNP-TV-Z]{7}|\d{6})(?![A-Za-z0-9])/g;

/** Phone numbers in a text, in national form (digits only, +84 → 0). */
export function findPhones(text: string): string[] {
  return [...text.matchAll(PHONE)].map((m) => {
    const digits = m[0].replace(/\D/g, '');
    return m[0].startsWith('+84') ? `0${digits.slice(2)}` : digits;
  });
}

export const findTicketCodes = (text: string): string[] => [...text.matchAll(TICKET_CODE)].map((m) => m[0].toUpperCase());

export interface PublicIdentifiers {
  phones: ReadonlySet<string>;
  codes: ReadonlySet<string>;
}

export const NO_PUBLIC_IDENTIFIERS: PublicIdentifiers = { phones: new Set(), codes: new Set() };

/**
 * Numbers and codes the assistant publishes on purpose: written in its knowledge files (an office's
 * public line) or in its own fixed texts (the example number of "that does not look like a phone
 * number", the example code of "report not found"). They are nobody's personal data.
 */
export function publicIdentifiers(dirs: string[]): PublicIdentifiers {
  const phones = new Set<string>();
  const codes = new Set<string>();
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'node_modules' && !name.startsWith('.')) visit(join(path, name));
      return;
    }
    if (!/\.(md|ts|ya?ml|json)$/.test(path) || stat.size > 2_000_000) return;
    const text = readFileSync(path, 'utf8');
    for (const p of findPhones(text)) phones.add(p);
    for (const c of findTicketCodes(text)) codes.add(c);
  };
  for (const dir of dirs) if (existsSync(dir)) visit(dir);
  return { phones, codes };
}

export interface PrivacyViolation {
  kind: 'phone' | 'ticket-code';
  value: string;
}

/** What a conversation may see: what it typed, the tickets it created, and public identifiers. */
export interface PrivacyScope {
  typedPhones: Set<string>;
  typedCodes: Set<string>;
  ownCodes: Set<string>;
  public: PublicIdentifiers;
  /**
   * Codes no conversation of the run created: with a fresh ticket store (in-process) they cannot
   * be anyone's ticket (e.g. the example code of "report not found"), so they are allowed; against
   * a server that may hold other people's tickets they count as violations.
   */
  allowUnknownCodes?: boolean;
  /** Codes some conversation of the run created. */
  knownCodes?: ReadonlySet<string> | ReadonlyMap<string, string>;
}

export function privacyViolations(reply: Reply, scope: PrivacyScope): PrivacyViolation[] {
  const phones = [...new Set(findPhones(reply.text))].filter((p) => !scope.typedPhones.has(p) && !scope.public.phones.has(p));
  const codes = [...new Set(findTicketCodes(reply.text))].filter(
    (c) =>
      !scope.typedCodes.has(c) &&
      !scope.ownCodes.has(c) &&
      !scope.public.codes.has(c) &&
      !(scope.allowUnknownCodes && !scope.knownCodes?.has(c)),
  );
  return [...phones.map((value) => ({ kind: 'phone' as const, value })), ...codes.map((value) => ({ kind: 'ticket-code' as const, value }))];
}

// ── scoring one turn ──────────────────────────────────────────────────────────────────────────

export interface TurnResult {
  index: number;
  /** What was sent, for people: the text, `[postback] payload`, `#N label (payload)`, `[location]`, `[photo]`. */
  said: string;
  expectedLang: Lang;
  expect: TurnExpect;
  reply?: Reply;
  ms: number;
  /** Why the turn failed; empty when it passed. */
  failures: string[];
  langOk: boolean;
  privacy: PrivacyViolation[];
  pass: boolean;
}

const includesFolded = (haystack: string, needle: string) => haystack.normalize('NFC').toLowerCase().includes(needle.normalize('NFC').toLowerCase());

/**
 * Checks one reply against the turn's expectations and language; privacy is checked by the caller.
 * `foreignCode`: the reply's ticket code belongs to another conversation of the run (a duplicate
 * offer), so it is not a ticket filed here.
 */
export function checkReply(expect: TurnExpect, expectedLang: Lang, reply: Reply, options: { foreignCode?: boolean } = {}): string[] {
  const failures: string[] = [];
  const { meta } = reply;
  const intents = list(expect.intent);
  if (intents && !intents.includes(meta.intent)) failures.push(`intent: want ${intents.join('|')}, got ${meta.intent}`);
  const entries = list(expect.entry);
  const top = meta.sources[0]?.id;
  if (entries && (!top || !entries.includes(top))) failures.push(`entry: want ${entries.join('|')}, got ${top ?? 'none'}`);
  if (meta.lang !== expectedLang) failures.push(`lang: want ${expectedLang}, got ${meta.lang}`);
  for (const s of expect.contains ?? []) if (!includesFolded(reply.text, s)) failures.push(`contains: "${s}" missing`);
  for (const s of expect.notContains ?? []) if (includesFolded(reply.text, s)) failures.push(`notContains: "${s}" present`);
  if (expect.category !== undefined && meta.category !== expect.category) failures.push(`category: want ${expect.category}, got ${meta.category ?? 'none'}`);
  if (expect.ticketFiled !== undefined) {
    const filed = meta.intent === 'complaint' && Boolean(meta.ticketCode) && !options.foreignCode;
    if (filed !== expect.ticketFiled) failures.push(`ticketFiled: want ${expect.ticketFiled}, got ${filed}`);
  }
  return failures;
}

// ── playing conversations ─────────────────────────────────────────────────────────────────────

export interface OutgoingTurn {
  text?: string;
  postback?: string;
  location?: GeoPoint;
  attachments?: { kind: 'image'; ref: string }[];
}

export interface ConversationAddress {
  conversationId: string;
  userId: string;
  messageId: string;
}

/** Delivers one message of a conversation and returns the assistant's reply (throws on transport errors). */
export type SendTurn = (to: ConversationAddress, turn: OutgoingTurn) => Promise<Reply>;

export interface ConversationResult {
  conversation: ConversationCase;
  row: LangRow;
  turns: TurnResult[];
  pass: boolean;
}

/** Which conversation of the run first saw each ticket code in a reply's meta: its creator. */
export type CodeOwners = Map<string, string>;

export interface PlayOptions {
  public?: PublicIdentifiers;
  /** Shared across one run, so a code created in one conversation and shown in another is caught. */
  owners?: CodeOwners;
  /** Prefix of the conversation ids, unique per run so a long-running server starts each one fresh. */
  runId?: string;
  index?: number;
  /** Allow codes no conversation of the run created (a fresh ticket store: in-process). */
  allowUnknownCodes?: boolean;
}

function describeSent(turn: ConversationTurn, chosen?: QuickReply): string {
  const parts: string[] = [];
  if (turn.text !== undefined) parts.push(turn.text);
  if (turn.postback !== undefined) parts.push(`[postback] ${turn.postback}`);
  if (turn.choose !== undefined) parts.push(chosen ? `#${turn.choose} ${chosen.label} (${chosen.payload})` : `#${turn.choose}`);
  if (turn.location) parts.push(`[location ${turn.location.lat},${turn.location.lng}]`);
  if (turn.attachments) parts.push(`[photo ×${turn.attachments.length}]`);
  return parts.join(' ');
}

export async function playConversation(conversation: ConversationCase, send: SendTurn, options: PlayOptions = {}): Promise<ConversationResult> {
  const conversationId = `conv-${options.runId ?? 'eval'}-${options.index ?? 0}-${conversation.id}`.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 128);
  const owners = options.owners ?? new Map<string, string>();
  const scope: PrivacyScope = {
    typedPhones: new Set(),
    typedCodes: new Set(),
    ownCodes: new Set(),
    public: options.public ?? NO_PUBLIC_IDENTIFIERS,
    allowUnknownCodes: options.allowUnknownCodes,
    knownCodes: owners,
  };
  const results: TurnResult[] = [];
  let previous: Reply | undefined;
  for (const [index, turn] of conversation.turns.entries()) {
    const expect = turn.expect ?? {};
    const expectedLang = expect.lang ?? conversation.lang;
    const result: TurnResult = { index: index + 1, said: describeSent(turn), expectedLang, expect, ms: 0, failures: [], langOk: false, privacy: [], pass: false };
    results.push(result);
    let postback = turn.postback;
    if (turn.choose !== undefined) {
      const chosen = previous?.quickReplies[turn.choose - 1];
      result.said = describeSent(turn, chosen);
      if (!chosen) {
        result.failures.push(`choose: the previous reply has ${previous?.quickReplies.length ?? 0} quick replies, not ${turn.choose}`);
        continue;
      }
      postback = chosen.payload;
    }
    if (turn.text !== undefined) {
      for (const p of findPhones(turn.text)) scope.typedPhones.add(p);
      for (const c of findTicketCodes(turn.text.toUpperCase())) scope.typedCodes.add(c);
    }
    const started = performance.now();
    let reply: Reply;
    try {
      reply = await send({ conversationId, userId: conversationId, messageId: `${conversationId}-m${index + 1}` }, { text: turn.text, postback, location: turn.location, attachments: turn.attachments });
    } catch (error) {
      result.ms = performance.now() - started;
      result.failures.push(`send: ${(error as Error).message}`);
      continue;
    }
    result.ms = performance.now() - started;
    result.reply = reply;
    previous = reply;
    const code = reply.meta.ticketCode?.toUpperCase();
    if (code) {
      if (!owners.has(code)) owners.set(code, conversationId);
      if (owners.get(code) === conversationId) scope.ownCodes.add(code);
    }
    const foreignCode = code !== undefined && owners.get(code) !== conversationId;
    result.failures.push(...checkReply(expect, expectedLang, reply, { foreignCode }));
    result.langOk = reply.meta.lang === expectedLang;
    result.privacy = privacyViolations(reply, scope);
    for (const v of result.privacy) result.failures.push(`privacy: ${v.kind} ${v.value} was neither typed nor created in this conversation`);
  }
  for (const r of results) r.pass = r.failures.length === 0;
  return { conversation, row: conversationRow(conversation), turns: results, pass: results.every((r) => r.pass) };
}

export async function playConversations(conversations: ConversationCase[], send: SendTurn, options: Omit<PlayOptions, 'index'> = {}): Promise<ConversationResult[]> {
  const owners = options.owners ?? new Map<string, string>();
  const out: ConversationResult[] = [];
  for (const [index, c] of conversations.entries()) out.push(await playConversation(c, send, { ...options, owners, index }));
  return out;
}

// ── summary ───────────────────────────────────────────────────────────────────────────────────


export interface GroupScore {
  conversations: number;
  passed: number;
  rate: number;
  turns: number;
  turns_passed: number;
}

export interface ConversationSummary {
  conversations: number;
  conversations_passed: number;
  conversation_rate: number;
  turns: number;
  turns_passed: number;
  turn_rate: number;
  /** Turns whose reply was in the expected language, over all turns (a turn without a reply counts as wrong). */
  reply_lang_accuracy: number;
  /** Phone numbers and ticket codes shown to a conversation that neither typed nor created them. */
  privacy_violations: number;
  by_kind: Record<ConversationKind, GroupScore>;
  by_lang: Record<LangRow, GroupScore>;
  latency_ms: { p50: number; p95: number };
}

function group(results: ConversationResult[]): GroupScore {
  const turns = results.flatMap((r) => r.turns);
  const passed = results.filter((r) => r.pass).length;
  return { conversations: results.length, passed, rate: ratio(passed, results.length), turns: turns.length, turns_passed: turns.filter((t) => t.pass).length };
}

export function summarizeConversations(results: ConversationResult[]): ConversationSummary {
  const turns = results.flatMap((r) => r.turns);
  const all = group(results);
  return {
    conversations: all.conversations,
    conversations_passed: all.passed,
    conversation_rate: all.rate,
    turns: all.turns,
    turns_passed: all.turns_passed,
    turn_rate: ratio(all.turns_passed, all.turns),
    reply_lang_accuracy: ratio(turns.filter((t) => t.langOk).length, turns.length),
    privacy_violations: turns.reduce((n, t) => n + t.privacy.length, 0),
    by_kind: Object.fromEntries(CONVERSATION_KINDS.map((k) => [k, group(results.filter((r) => r.conversation.kind === k))])) as Record<ConversationKind, GroupScore>,
    by_lang: Object.fromEntries(LANG_ROWS.map((row) => [row, group(results.filter((r) => r.row === row))])) as Record<LangRow, GroupScore>,
    latency_ms: { p50: percentile(turns.filter((t) => t.reply).map((t) => t.ms), 50), p95: percentile(turns.filter((t) => t.reply).map((t) => t.ms), 95) },
  };
}

// ── output ────────────────────────────────────────────────────────────────────────────────────

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const oneLine = (s: string, n: number) => s.replace(/\s+/g, ' ').trim().slice(0, n);

export function formatConversationTable(s: ConversationSummary): string {
  const lines = [
    `conversations ${s.conversations_passed}/${s.conversations} passed (${pct(s.conversation_rate)})   turns ${s.turns_passed}/${s.turns} passed (${pct(s.turn_rate)})`,
    `reply language accuracy ${pct(s.reply_lang_accuracy)}   privacy violations ${s.privacy_violations}   latency per turn p50 ${s.latency_ms.p50.toFixed(2)} ms  p95 ${s.latency_ms.p95.toFixed(2)} ms`,
    '',
    'kind          conversations  passed     rate    turns passed',
  ];
  const row = (name: string, g: GroupScore) =>
    `${name.padEnd(12)} ${String(g.conversations).padStart(14)} ${String(g.passed).padStart(7)} ${pct(g.rate).padStart(8)} ${`${g.turns_passed}/${g.turns}`.padStart(14)}`;
  for (const k of CONVERSATION_KINDS) lines.push(row(k, s.by_kind[k]));
  lines.push('', 'language      conversations  passed     rate    turns passed');
  for (const r of LANG_ROWS) lines.push(row(r, s.by_lang[r]));
  return lines.join('\n');
}

/** One line per failed turn: what was said, expected against got, and the start of the reply. */
export function formatFailures(results: ConversationResult[]): string[] {
  const lines: string[] = [];
  for (const r of results) {
    for (const t of r.turns.filter((x) => !x.pass)) {
      const want = [list(t.expect.intent)?.join('|') ?? '*', list(t.expect.entry)?.join('|') ?? '*', t.expectedLang].join(' / ');
      const got = t.reply ? [t.reply.meta.intent, t.reply.meta.sources[0]?.id ?? '-', t.reply.meta.lang].join(' / ') : 'no reply';
      lines.push(`  ✗ ${r.conversation.id} #${t.index} "${oneLine(t.said, 80)}" want ${want} · got ${got} · ${t.failures.join('; ')}`);
      if (t.reply) lines.push(`      ↳ ${oneLine(t.reply.text, 120)}`);
    }
  }
  return lines;
}

export interface ConversationReport {
  dataset: string;
  mode: string;
  machine: Machine;
  summary: ConversationSummary;
  conversations: {
    id: string;
    kind: ConversationKind;
    lang: Lang;
    row: LangRow;
    pass: boolean;
    failed_turns: { index: number; said: string; failures: string[]; intent?: string; entry?: string; lang?: string; reply?: string }[];
  }[];
}

export function buildConversationReport(dataset: string, mode: string, results: ConversationResult[], m = machine()): ConversationReport {
  return {
    dataset,
    mode,
    machine: m,
    summary: summarizeConversations(results),
    conversations: results.map((r) => ({
      id: r.conversation.id,
      kind: r.conversation.kind,
      lang: r.conversation.lang,
      row: r.row,
      pass: r.pass,
      failed_turns: r.turns
        .filter((t) => !t.pass)
        .map((t) => ({
          index: t.index,
          said: t.said,
          failures: t.failures,
          intent: t.reply?.meta.intent,
          entry: t.reply?.meta.sources[0]?.id,
          lang: t.reply?.meta.lang,
          reply: t.reply ? oneLine(t.reply.text, 200) : undefined,
        })),
    })),
  };
}

export function conversationMarkdown(r: ConversationReport): string {
  const s = r.summary;
  const table = (title: string, rows: [string, GroupScore][]) => [
    `| ${title} | conversations | passed | rate | turns passed |`,
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(([name, g]) => `| ${name} | ${g.conversations} | ${g.passed} | ${pct(g.rate)} | ${g.turns_passed}/${g.turns} |`),
    '',
  ];
  const lines = [
    `# Conversations: ${r.dataset}`,
    '',
    `${describeMachine(r.machine)} · ${r.mode} · ${s.conversations} conversations, ${s.turns} turns`,
    '',
    `Conversations passed ${s.conversations_passed}/${s.conversations} (${pct(s.conversation_rate)}) · turns passed ${s.turns_passed}/${s.turns} (${pct(s.turn_rate)}) · reply language ${pct(s.reply_lang_accuracy)} · privacy violations ${s.privacy_violations} · latency per turn p50 ${s.latency_ms.p50} ms / p95 ${s.latency_ms.p95} ms`,
    '',
    ...table('kind', CONVERSATION_KINDS.map((k) => [k, s.by_kind[k]])),
    ...table('language', LANG_ROWS.map((row) => [row, s.by_lang[row]])),
    '## Failed turns',
    '',
  ];
  const failed = r.conversations.flatMap((c) => c.failed_turns.map((t) => ({ c, t })));
  if (failed.length === 0) lines.push('None.');
  for (const { c, t } of failed) {
    const said = oneLine(t.said, 80).replace(/\|/g, '\\|');
    lines.push(`- \`${c.id}\` #${t.index} “${said}” → ${t.intent ?? 'no reply'} / ${t.entry ?? '-'} / ${t.lang ?? '-'}: ${t.failures.join('; ')}`);
  }
  return lines.join('\n') + '\n';
}

// ── senders and the command ──────────────────────────────────────────────────────────────────

/** POST /api/chat of a running server; the replies of one answer are joined into one. */
export function httpSender(baseUrl: string): SendTurn {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/chat`;
  // The server issues each person's identity in a cookie; one cookie is kept per simulated person.
  const cookies = new Map<string, string>();
  return async (to, turn) => {
    const cookie = cookies.get(to.userId);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ conversationId: to.conversationId, ...turn }),
    });
    const issued = response.headers.getSetCookie().find((c) => c.startsWith('hue_chat='));
    if (issued) cookies.set(to.userId, issued.split(';')[0]!);
    const body = (await response.json().catch(() => undefined)) as
      | { replies?: { text: string; quickReplies?: QuickReply[]; requestLocation?: boolean }[]; meta?: Reply['meta']; error?: string; reason?: string }
      | undefined;
    if (!response.ok || !body?.replies || !body.meta) throw new Error(`HTTP ${response.status}${body?.error ? ` ${body.error}: ${body.reason ?? ''}` : ''}`);
    return {
      text: body.replies.map((r) => r.text).join('\n\n'),
      quickReplies: body.replies.flatMap((r) => r.quickReplies ?? []),
      requestLocation: body.replies.some((r) => r.requestLocation),
      meta: body.meta,
    };
  };
}

const option = (argv: string[], name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

/** Report name: `conversations.dev.jsonl` → `dev`, `smoke.jsonl` → `smoke`. */
export const reportName = (file: string) => basename(file).replace(/\.jsonl?$/, '').replace(/^conversations[.-]?/, '') || 'conversations';

export async function runConversationEval(argv: string[]): Promise<void> {
  const file = option(argv, '--conversations') ?? 'eval/datasets/conversations.dev.jsonl';
  const conversations = readConversations(file);
  const url = option(argv, '--url');
  const publicIds = publicIdentifiers(['knowledge', 'bot']);
  const runId = Date.now().toString(36);
  let results: ConversationResult[];
  let mode: string;
  if (url) {
    mode = `http ${url}`;
    results = await playConversations(conversations, httpSender(url), { public: publicIds, runId });
  } else {
    const local = await createLocalAssistant({ lexicalOnly: argv.includes('--lexical') });
    mode = `in-process, ${local.mode} retrieval`;
    const send: SendTurn = (to, turn) =>
      local.assistant.handle({
        channel: 'eval',
        ...to,
        text: turn.text,
        postback: turn.postback,
        location: turn.location,
        attachments: turn.attachments?.map((a) => ({ ...a, contentType: 'image/jpeg' })),
      });
    try {
      results = await playConversations(conversations, send, { public: publicIds, runId, allowUnknownCodes: true });
    } finally {
      local.knowledge.close();
    }
  }
  const report = buildConversationReport(basename(file), mode, results);
  console.log(`${basename(file)} — ${mode}`);
  console.log(formatConversationTable(report.summary));
  if (argv.includes('--verbose')) {
    const failures = formatFailures(results);
    if (failures.length) console.log(['', 'failed turns:', ...failures].join('\n'));
  }
  const written = writeNamedReport(`conversations-${reportName(file)}`, conversationMarkdown(report), report);
  console.log(`report: ${written.join(', ')}`);
  if (argv.includes('--json')) console.log(JSON.stringify(report.summary));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runConversationEval(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
