/**
 * The one place that reads the environment. Everything else takes typed options.
 * A bad value stops start-up with a message naming the variable.
 */
import { resolve, sep } from 'node:path';
import { z } from 'zod';
import { LocaleError, loadCityProfile, localeFileCodes } from '../knowledge/src/locales.ts';
import type { StaffRole } from './staff/roles.ts';

const list = z
  .string()
  .optional()
  .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const flagOn = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === undefined || v === '' || v === 'true' || v === '1' || v === 'yes');
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() ? v.trim() : undefined));
const optionalUrl = optionalText.pipe(z.string().url().optional());
const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).optional().default(fallback);

const envSchema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: z.string().optional().default('0.0.0.0'),
  // Which reverse proxies may tell the client address (X-Forwarded-For), as express's `trust proxy`.
  TRUST_PROXY: z.string().regex(/^[A-Za-z0-9.:/, _-]{1,512}$/, 'express trust proxy value, e.g. loopback or 10.0.0.0/8').optional().default('loopback'),
  // On SIGTERM: how long answers in flight, the outbox flush and closing the stores may take in all.
  SHUTDOWN_TIMEOUT_MS: int(10_000, 500, 120_000),
  DATA_DIR: z.string().optional().default('./data'),
  // Photos people send: kept apart from the database folder, bounded, and removed when no ticket uses them.
  UPLOADS_DIR: z.string().optional().default('./uploads'),
  UPLOAD_MAX_BYTES: int(5 * 1024 * 1024, 1024, 50 * 1024 * 1024),
  UPLOADS_PER_CONVERSATION: int(10, 1, 1000),
  UPLOADS_MAX_TOTAL_MB: int(2048, 1, 1024 * 1024),
  UPLOAD_RETENTION_HOURS: int(48, 1, 24 * 365),
  KNOWLEDGE_DIR: z.string().optional().default('./knowledge'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).optional().default('info'),
  // Unset: logs go to stderr. Set: they are appended to this file (for hosts that collect files).
  LOG_FILE: z.string().min(1).optional(),
  // Unset: the city profile's (knowledge/city.yaml); it must have a locale pack.
  DEFAULT_LANG: z.string().regex(/^[a-z]{2}$/, 'expected a two-letter language code').optional(),
  KNOWLEDGE_WATCH: flagOn,
  // The topic list with the languages each entry needs, for the knowledge-health page; default ../shared/kb-topics.yaml beside the checkout.
  KB_TOPICS_FILE: optionalText,
  // Understanding: the model trained from the knowledge files, or the previous rules (kept for comparison).
  INTERPRETER: z.enum(['trained', 'rules']).optional().default('trained'),
  // A folder of trained interpreter models shared between data folders (e.g. by test runs).
  MODEL_CACHE_DIR: optionalText,

  EMBEDDING_MODEL: z.string().optional().default('Xenova/multilingual-e5-small'),
  MODEL_DIR: z.string().optional().default('./models'),
  ALLOW_MODEL_DOWNLOAD: flag,

  DATABASE_URL: optionalText.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres://…').optional()),
  // A PostgreSQL schema of its own (created if missing), e.g. for several deployments on one database.
  DATABASE_SCHEMA: optionalText.pipe(z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lower-case letters, digits and _ only').optional()),
  REDIS_URL: optionalText.pipe(z.string().regex(/^rediss?:\/\//, 'expected redis://…').optional()),
  // Put before every Redis key, so several deployments can share one Redis.
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]{0,64}$/, 'letters, digits and _ : . - only').optional().default(''),
  CONVERSATION_TTL_MINUTES: int(24 * 60, 1, 60 * 24 * 30),
  INTAKE_TIMEOUT_MINUTES: int(30, 1, 24 * 60),
  // A handoff nobody on the staff picks up in this long: the person is given the public contact instead.
  HANDOFF_TIMEOUT_MINUTES: int(10, 1, 24 * 60),
  RETENTION_DAYS: int(365, 1, 3650),
  // A ticket update claimed by a server that died is sent again by another after this lease.
  OUTBOX_LEASE_SECONDS: int(60, 1, 3600),
  // Automation tokens for /staff/api: `token` (role agent) or `editor:token`, `admin:token`.
  STAFF_TOKENS: list,
  STAFF_SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
  STAFF_SESSION_MAX_HOURS: int(12, 1, 24 * 7),
  OPEN311_API_KEYS: list,
  OPEN311_JURISDICTION_ID: z.string().optional().default('hue.gov.vn'),
  // Unset: the city profile's ticketPrefix.
  TICKET_CODE_PREFIX: z.string().regex(/^[A-Z]{2,8}$/).optional(),
  // Abuse limits. Channels: messages per user and minute (one polite reply when exceeded).
  RATE_LIMIT_PER_MINUTE: int(30, 1, 10_000),
  // Signs the web chat's identity cookie. Unset: a secret kept in DATA_DIR; several replicas must share one.
  WEB_CHAT_SECRET: optionalText.pipe(z.string().min(32, 'at least 32 characters').optional()),
  // POST /api/chat: messages per conversation and per client IP per minute; 0 turns a limit off.
  CHAT_LIMIT_PER_CONVERSATION: int(30, 0, 100_000),
  CHAT_LIMIT_PER_IP: int(600, 0, 1_000_000),
  // Failed staff or Open311 authentications per client IP before it must wait AUTH_BACKOFF_SECONDS.
  AUTH_FAILURES_BEFORE_BACKOFF: int(10, 1, 10_000),
  AUTH_BACKOFF_SECONDS: int(300, 1, 24 * 60 * 60),
  // Largest request body any route reads (uploads have their own limit).
  MAX_BODY_BYTES: int(1024 * 1024, 1024, 64 * 1024 * 1024),
  // Assistant turns run in this many worker threads, off the HTTP thread; 0 runs them on it.
  ASSISTANT_WORKERS: int(1, 0, 8),

  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_MODE: z.enum(['polling', 'webhook']).optional().default('polling'),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'only A-Z a-z 0-9 _ - allowed').optional()),
  TELEGRAM_WEBHOOK_URL: optionalUrl,
  TELEGRAM_API_ROOT: optionalUrl,
  // Photo downloads from loopback or private addresses: only for a local fake platform in tests (SSRF guard).
  MEDIA_ALLOW_PRIVATE_ADDRESSES: flag,

  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional().default('MultiTenant'),
  BOTFRAMEWORK_ALLOW_UNAUTHENTICATED: flag,
  // Read for one rule only: the Bot Framework SDK refuses to run without an app id in production.
  NODE_ENV: optionalText,

  ZALO_APP_ID: optionalText,
  ZALO_OA_SECRET_KEY: optionalText,
  ZALO_API_BASE: optionalUrl,
  ZALO_OAUTH_BASE: optionalUrl,
  ZALO_ACCESS_TOKEN: optionalText,
  ZALO_REFRESH_TOKEN: optionalText,
  ZALO_APP_SECRET: optionalText,
  // Signed webhook events further than this from the server's clock are refused as replays.
  ZALO_MAX_EVENT_AGE_SECONDS: int(300, 10, 24 * 60 * 60),
  // Zalo Notification Service: ticket updates outside the 48 h window go to the consented phone number
  // as this approved template (its parameters: ticket_code, status); unset, they wait for the next message.
  ZALO_ZNS_TEMPLATE_TICKET_UPDATE: optionalText.pipe(z.string().regex(/^\d{1,20}$/, 'expected a numeric template id').optional()),
  ZALO_ZNS_API_BASE: optionalUrl,
});

export type Env = z.infer<typeof envSchema>;

/** A STAFF_TOKENS entry with its role. */
export interface StaffToken {
  token: string;
  role: StaffRole;
}

/** `editor:abc` → editor; any other entry is a whole agent token. */
export function parseStaffTokens(entries: readonly string[]): StaffToken[] {
  return entries.map((entry) => {
    const m = /^(agent|editor|admin):(.+)$/.exec(entry);
    return m ? { role: m[1] as StaffRole, token: m[2]! } : { role: 'agent', token: entry };
  });
}

export interface AppConfig extends Omit<Env, 'DEFAULT_LANG' | 'TICKET_CODE_PREFIX'> {
  /** The variable, else the city profile's default language. */
  DEFAULT_LANG: string;
  /** The variable, else the city profile's ticket prefix. */
  TICKET_CODE_PREFIX: string;
  /** Absolute paths, resolved once. */
  dataDir: string;
  uploadsDir: string;
  knowledgeDir: string;
  /** KB_TOPICS_FILE resolved, else `../shared/kb-topics.yaml` two levels above the knowledge folder. */
  topicsFile: string;
  modelDir: string;
  /** STAFF_TOKENS with their roles. */
  staffTokens: StaffToken[];
}

export class ConfigError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid configuration: ${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const cfg = parsed.data;
  if (cfg.TELEGRAM_MODE === 'webhook' && cfg.TELEGRAM_BOT_TOKEN && !cfg.TELEGRAM_WEBHOOK_SECRET) {
    throw new ConfigError('TELEGRAM_WEBHOOK_SECRET', 'required when TELEGRAM_MODE=webhook');
  }
  if (Boolean(cfg.MICROSOFT_APP_ID) !== Boolean(cfg.MICROSOFT_APP_PASSWORD) && cfg.MICROSOFT_APP_TYPE !== 'UserAssignedMSI') {
    throw new ConfigError(cfg.MICROSOFT_APP_ID ? 'MICROSOFT_APP_PASSWORD' : 'MICROSOFT_APP_ID', 'set both or neither');
  }
  if (cfg.BOTFRAMEWORK_ALLOW_UNAUTHENTICATED && !cfg.MICROSOFT_APP_ID && cfg.NODE_ENV?.toLowerCase() === 'production') {
    throw new ConfigError('BOTFRAMEWORK_ALLOW_UNAUTHENTICATED', 'local development only: set MICROSOFT_APP_ID/MICROSOFT_APP_PASSWORD when NODE_ENV=production');
  }
  if (cfg.ZALO_APP_ID && !cfg.ZALO_OA_SECRET_KEY) {
    throw new ConfigError('ZALO_OA_SECRET_KEY', 'required when ZALO_APP_ID is set');
  }
  const knowledgeDir = resolve(cfg.KNOWLEDGE_DIR);
  const dataDir = resolve(cfg.DATA_DIR);
  const uploadsDir = resolve(cfg.UPLOADS_DIR);
  // A folder anyone can fill must not be the one that holds the database.
  if (uploadsDir === dataDir || uploadsDir.startsWith(dataDir + sep) || dataDir.startsWith(uploadsDir + sep)) {
    throw new ConfigError('UPLOADS_DIR', `must be outside DATA_DIR (${dataDir}), and DATA_DIR outside it`);
  }
  return {
    ...cfg,
    ...cityDefaults(knowledgeDir, cfg.DEFAULT_LANG, cfg.TICKET_CODE_PREFIX),
    dataDir,
    uploadsDir,
    knowledgeDir,
    topicsFile: cfg.KB_TOPICS_FILE ? resolve(cfg.KB_TOPICS_FILE) : resolve(knowledgeDir, '..', '..', 'shared', 'kb-topics.yaml'),
    modelDir: resolve(cfg.MODEL_DIR),
    staffTokens: parseStaffTokens(cfg.STAFF_TOKENS),
  };
}

/** What the city profile decides unless the environment does, and a language that has a pack. */
function cityDefaults(knowledgeDir: string, lang: string | undefined, prefix: string | undefined): Pick<AppConfig, 'DEFAULT_LANG' | 'TICKET_CODE_PREFIX'> {
  let city: { defaultLang: string; ticketPrefix: string } | undefined;
  if (lang === undefined || prefix === undefined) {
    try {
      city = loadCityProfile(knowledgeDir);
    } catch (error) {
      if (!(error instanceof LocaleError)) throw error;
      throw new ConfigError(lang === undefined ? 'DEFAULT_LANG' : 'TICKET_CODE_PREFIX', `unset, and the city profile cannot give it: ${error.message}`);
    }
  }
  const DEFAULT_LANG = lang ?? city!.defaultLang;
  const packs = localeFileCodes(knowledgeDir);
  // A knowledge folder without packs uses those already installed; the runtime checks the language then.
  if (packs.length > 0 && !packs.includes(DEFAULT_LANG)) {
    throw new ConfigError('DEFAULT_LANG', `no locale pack for "${DEFAULT_LANG}" in ${knowledgeDir}/locales (found: ${packs.join(', ')})`);
  }
  return { DEFAULT_LANG, TICKET_CODE_PREFIX: prefix ?? city!.ticketPrefix };
}
