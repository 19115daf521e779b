/**
 * Zalo Notification Service client: one approved template message to a phone number. Used for
 * ticket updates that cannot go out as customer-service messages (outside the 48 h window), and
 * only to a number the reporter gave with consent. Neither the token nor the number reaches an error.
 */
import { NetworkError, PlatformError } from '../channels/errors.ts';
import { ACCESS_TOKEN_HEADER, ERROR_OK, ZNS_PHONE_COUNTRY_PREFIX, ZNS_TEMPLATE_PATH } from './protocol.ts';
import type { ZaloTokenStore } from './tokens.ts';

export interface ZnsClientOptions {
  apiBase: string;
  tokens: ZaloTokenStore;
  timeoutMs?: number;
}

export interface ZnsMessage {
  /** National (0905…) or international (+84 905…) form. */
  phone: string;
  templateId: string;
  data: Record<string, string>;
  /** Our own id, echoed in Zalo's delivery reports. */
  trackingId: string;
}

export interface ZnsClient {
  /** Returns Zalo's message id. Throws PlatformError / NetworkError. */
  send(message: ZnsMessage): Promise<string | undefined>;
}

/** 0905 123 456 or +84 905 123 456 → 84905123456. */
export function znsPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.startsWith(ZNS_PHONE_COUNTRY_PREFIX)) return digits;
  return ZNS_PHONE_COUNTRY_PREFIX + digits.replace(/^0/, '');
}

export function createZnsClient(options: ZnsClientOptions): ZnsClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(message) {
      const body = JSON.stringify({ phone: znsPhone(message.phone), template_id: message.templateId, template_data: message.data, tracking_id: message.trackingId });
      let response: Response;
      try {
        response = await fetch(`${options.apiBase}${ZNS_TEMPLATE_PATH}`, {
          method: 'POST',
          headers: { [ACCESS_TOKEN_HEADER]: (await options.tokens.get()).accessToken, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new NetworkError('zalo', `ZNS request failed (${(error as Error).name})`);
      }
      let answer: { error?: number; message?: string; data?: { msg_id?: string } };
      try {
        answer = JSON.parse(await response.text());
      } catch {
        throw new PlatformError('zalo', String(response.status), 'ZNS answer was not JSON');
      }
      if (!response.ok || (answer.error !== undefined && answer.error !== ERROR_OK)) {
        throw new PlatformError('zalo', String(answer.error ?? response.status), `ZNS send failed: ${answer.message ?? 'error'}`);
      }
      return answer.data?.msg_id;
    },
  };
}

/** The dispatcher's fallback for Zalo: a template message when the ticket carries a consented phone number. */
export function znsTicketFallback(client: ZnsClient, templateId: string) {
  return async (notice: { ticketCode: string; idempotencyKey: string }, ticket: { contactPhone?: string; consent?: unknown; status: string }): Promise<boolean> => {
    if (!ticket.contactPhone || !ticket.consent) return false;
    await client.send({ phone: ticket.contactPhone, templateId, data: { ticket_code: notice.ticketCode, status: ticket.status }, trackingId: notice.idempotencyKey });
    return true;
  };
}
