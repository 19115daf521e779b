/**
 * The contract every chat channel passes, whatever its platform: verify first, precise
 * statuses, idempotent intake, the right InboundMessage for the core, replies and proactive
 * notices at the (fake) platform. Each adapter's test file supplies a harness.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundMessage, OutboundNotice } from '../../bot/types.ts';
import type { ChannelNotifier } from '../../adapters/channels/contract.ts';
import { eventually, pause, type FakeAssistant } from '../helpers/fake-assistant.ts';

export interface ContractRequest {
  /** Another server of the same channel (e.g. one configured with credentials). */
  baseUrl?: string;
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

export interface Delivered {
  conversationId: string;
  text: string;
}

export interface ContractHarness {
  baseUrl: string;
  assistant: FakeAssistant;
  /** Messages the fake platform received from us, in order. */
  delivered(): Delivered[];
  /** A correctly authenticated request carrying a user's text message with platform id `id`. */
  textRequest(text: string, id: string): ContractRequest;
  /** The same request with a wrong or missing signature/secret/token. */
  forge(request: ContractRequest): ContractRequest;
  /** A request that passes authentication checks but whose body cannot be parsed. */
  malformed(): ContractRequest;
  expected: Pick<InboundMessage, 'channel' | 'conversationId' | 'userId'>;
  notifier: ChannelNotifier;
  close(): Promise<void>;
}

export async function post(baseUrl: string, request: ContractRequest): Promise<Response> {
  return fetch((request.baseUrl ?? baseUrl) + request.path, { method: 'POST', headers: request.headers, body: typeof request.body === 'string' ? request.body : new Uint8Array(request.body) });
}

export function runAdapterContract(name: string, setup: () => Promise<ContractHarness>): void {
  describe(`${name}: adapter contract`, () => {
    let h: ContractHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.close();
    });

    it('rejects a forged request with 401/403 and never calls the core', async () => {
      const response = await post(h.baseUrl, h.forge(h.textRequest('hello', 'forged-1')));
      expect([401, 403]).toContain(response.status);
      await pause(150);
      expect(h.assistant.calls).toHaveLength(0);
      expect(h.delivered()).toHaveLength(0);
    });

    it('processes a redelivered update once', async () => {
      const request = h.textRequest('same again', 'dup-1');
      for (let i = 0; i < 3; i++) expect((await post(h.baseUrl, request)).status).toBeLessThan(300);
      await eventually(() => h.delivered().length >= 1);
      await pause(200);
      expect(h.assistant.calls).toHaveLength(1);
      expect(h.delivered()).toHaveLength(1);
    });

    it('answers 413 to a body that is too large', async () => {
      const response = await post(h.baseUrl, h.textRequest('x'.repeat(2 * 1024 * 1024), 'big-1'));
      expect(response.status).toBe(413);
      expect(h.assistant.calls).toHaveLength(0);
    });

    it('answers 400 to a malformed body', async () => {
      const response = await post(h.baseUrl, h.malformed());
      expect(response.status).toBe(400);
      await pause(100);
      expect(h.assistant.calls).toHaveLength(0);
    });

    it('turns a text message into an InboundMessage and delivers the reply', async () => {
      expect((await post(h.baseUrl, h.textRequest('Giờ mở cửa Đại Nội?', 'text-1'))).status).toBeLessThan(300);
      await eventually(() => h.delivered().length >= 1);
      expect(h.assistant.calls[0]).toMatchObject({ ...h.expected, text: 'Giờ mở cửa Đại Nội?' });
      expect(h.delivered()[0]).toMatchObject({ conversationId: h.expected.conversationId });
      expect(h.delivered()[0]!.text).toContain('echo: Giờ mở cửa Đại Nội?');
    });

    it('delivers a proactive notice through the notifier', async () => {
      // The user writes first: some platforms only allow messages to recent conversations.
      await post(h.baseUrl, h.textRequest('hi', 'before-notice'));
      await eventually(() => h.delivered().length >= 1);
      const notice: OutboundNotice = {
        channel: h.expected.channel,
        conversationId: h.expected.conversationId,
        userId: h.expected.userId,
        text: 'Ticket HUE-2025-0001 is now in progress',
        quickReplies: [],
      };
      await h.notifier.send(notice);
      const last = h.delivered().at(-1)!;
      expect(last.conversationId).toBe(h.expected.conversationId);
      expect(last.text).toContain('HUE-2025-0001');
    });
  });
}
