/**
 * Zalo OA Open API client: customer-service text messages, with one token refresh and retry
 * when Zalo reports an expired access token. Tokens never appear in errors or logs.
 */
import { NetworkError, PlatformError } from '../channels/errors.ts';
import {
  ACCESS_TOKEN_HEADER,
  APP_SECRET_HEADER,
  CS_MESSAGE_PATH,
  ERROR_OK,
  ERROR_TOKEN_EXPIRED,
  REFRESH_PATH,
} from './protocol.ts';
import type { ZaloTokens, ZaloTokenStore } from './tokens.ts';

export interface ZaloClientOptions {
  apiBase: string;
  oauthBase: string;
  tokens: ZaloTokenStore;
  /** Needed to refresh; without them an expired token is a plain failure. */
  appId?: string;
  appSecret?: string;
  timeoutMs?: number;
}

export interface ZaloClient {
  /** Returns Zalo's message id. */
  sendText(userId: string, text: string): Promise<string | undefined>;
}

interface ApiAnswer {
  error?: number;
  message?: string;
  data?: { message_id?: string };
}

export function createZaloClient(options: ZaloClientOptions): ZaloClient {
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function postCs(accessToken: string, userId: string, text: string): Promise<ApiAnswer> {
    const body = JSON.stringify({ recipient: { user_id: userId }, message: { text } });
    const response = await request(`${options.apiBase}${CS_MESSAGE_PATH}`, {
      method: 'POST',
      headers: { [ACCESS_TOKEN_HEADER]: accessToken, 'content-type': 'application/json' },
      body,
    });
    const answer = (await readJson(response)) as ApiAnswer;
    // An HTTP failure without Zalo's error field is still a failure.
    return response.ok || answer.error !== undefined ? answer : { ...answer, error: response.status };
  }

  /** Asks Zalo for a new pair; the token store calls it under its lock. */
  async function refresh(current: ZaloTokens): Promise<ZaloTokens> {
    if (!current.refreshToken || !options.appId || !options.appSecret) {
      throw new PlatformError('zalo', String(ERROR_TOKEN_EXPIRED), 'access token expired and no refresh credentials');
    }
    const form = new URLSearchParams({ refresh_token: current.refreshToken, app_id: options.appId, grant_type: 'refresh_token' });
    const response = await request(`${options.oauthBase}${REFRESH_PATH}`, {
      method: 'POST',
      headers: { [APP_SECRET_HEADER]: options.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const answer = (await readJson(response)) as { access_token?: string; refresh_token?: string; error?: number; error_name?: string };
    if (!answer.access_token) throw new PlatformError('zalo', String(answer.error ?? response.status), `token refresh refused (${answer.error_name ?? 'no token'})`);
    return { accessToken: answer.access_token, refreshToken: answer.refresh_token ?? current.refreshToken };
  }

  async function request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new NetworkError('zalo', `request to ${new URL(url).pathname} failed (${(error as Error).name})`);
    }
  }

  return {
    async sendText(userId, text) {
      const used = (await options.tokens.get()).accessToken;
      let answer = await postCs(used, userId, text);
      if (answer.error === ERROR_TOKEN_EXPIRED) {
        // Sends that hit the expiry together, on this server or another, share one refresh.
        const fresh = await options.tokens.rotate(used, refresh);
        answer = await postCs(fresh.accessToken, userId, text);
      }
      if (answer.error !== ERROR_OK && answer.error !== undefined) {
        throw new PlatformError('zalo', String(answer.error), `send failed: ${answer.message ?? 'error'}`);
      }
      return answer.data?.message_id;
    },
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PlatformError('zalo', String(response.status), 'answer was not JSON');
  }
}
