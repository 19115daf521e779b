/**
 * The shape every chat channel offers the composition root. A channel whose configuration is
 * absent is not created at all, so callers never see a half-configured one.
 */
import type { Router } from 'express';
import type { InboundMessage, OutboundNotice, Reply } from '../../bot/types.ts';
import type { Lang } from '../../bot/language/langs.ts';
import type { Logger } from '../../bot/ports.ts';
import type { SharedState } from '../state/shared-state.ts';
import type { DedupeStore } from './dedupe.ts';
import type { NoticeFallback } from '../../bot/tickets/outbox-dispatcher.ts';

/** What a channel needs from the core: one turn in, one reply out. */
export interface AssistantPort {
  handle(message: InboundMessage): Promise<Reply>;
}

/** Proactive sends (ticket updates). Structurally compatible with bot/tickets' Notifier. */
export interface ChannelNotifier {
  /** Throws PermanentDeliveryError when delivery can never succeed. */
  send(notice: OutboundNotice): Promise<void>;
}

/** What every channel takes besides its own credentials. */
export interface CommonChannelOptions {
  assistant: AssistantPort;
  rateLimitPerMinute: number;
  defaultLang?: Lang;
  logger?: Logger;
  /** Claims of platform update ids; in memory unless several instances share one. */
  dedupe?: DedupeStore;
  /** Choice lists, button payloads and rate-limit counters; Redis when several instances share one. */
  state?: SharedState;
  bodyLimitBytes?: number;
}

export interface ChatChannel {
  readonly name: 'telegram' | 'botframework' | 'zalo' | 'web';
  /** Mount at the app root: paths inside are absolute (e.g. /telegram/webhook). */
  readonly router?: Router;
  readonly notifier: ChannelNotifier;
  /** Another way to reach the person with a ticket update the notifier cannot deliver (Zalo's ZNS). */
  readonly fallback?: NoticeFallback;
  start?(): Promise<void>;
  stop?(): Promise<void>;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
