/**
 * Every Zalo Official Account protocol constant, in one place.
 *
 * These come from secondary sources (developer blogs, third-party SDKs, an unshipped Chatwoot
 * channel), not from Zalo's own documentation, which we could not consult. They are kept here
 * so that checking them against https://developers.zalo.me/docs/official-account and correcting
 * them is a one-file change.
 */

/** Base of the OA Open API (customer-service messages). Overridable with ZALO_API_BASE. */
export const DEFAULT_API_BASE = 'https://openapi.zalo.me';
export const CS_MESSAGE_PATH = '/v3.0/oa/message/cs';
/** Header carrying the OA access token on Open API calls. */
export const ACCESS_TOKEN_HEADER = 'access_token';

/** OAuth v4 server that exchanges a refresh token for a new pair. Overridable with ZALO_OAUTH_BASE. */
export const DEFAULT_OAUTH_BASE = 'https://oauth.zaloapp.com';
export const REFRESH_PATH = '/v4/oa/access_token';
/** The app secret travels in this header on the refresh call. */
export const APP_SECRET_HEADER = 'secret_key';

/** Open API error codes: 0 is success; −216 means the access token expired. */
export const ERROR_OK = 0;
export const ERROR_TOKEN_EXPIRED = -216;

/** Webhook signature: header value is "mac=" + hex sha256(app_id + raw body + timestamp + OA secret key). */
export const SIGNATURE_HEADER = 'x-zevent-signature';
export const SIGNATURE_PREFIX = 'mac=';

/** Zalo wants HTTP 200 within about 2 s, or it retries and may disable the webhook. */
export const ACK_DEADLINE_MS = 2000;

/** Customer-service messages may go out only within 48 h of the user's last interaction. */
export const CS_WINDOW_MS = 48 * 60 * 60 * 1000;

/** Longest text we send in one CS message (not confirmed by a primary source; kept conservative). */
export const MAX_TEXT_CHARS = 2000;

export const EVENTS = {
  follow: 'follow',
  unfollow: 'unfollow',
  userSendText: 'user_send_text',
  userSendImage: 'user_send_image',
  userSendLocation: 'user_send_location',
  /**
   * `user_submit_info`: the user pressed "share" on a request-for-information card the OA sent
   * (a CS message whose attachment is a template of type `request_user_info`), and Zalo passes
   * on what they shared from their Zalo account: `info.phone` (international form, "84…"),
   * `info.name`, optionally `info.address`, `city`, `district`, `ward`; `sender.id` is the user.
   * The number is taken as one Zalo vouches is the sender's own, like a Telegram contact of their
   * own. Secondary sources: the typed webhook events of @warriorteam/redai-zalo-sdk
   * (https://app.unpkg.com/@warriorteam/redai-zalo-sdk@1.32.17/files/dist/types/webhook.d.ts)
   * and an integrator's handler
   * (https://github.com/vtsw/sample-project-backend/blob/de8e45e1e285e1262622735383f60ae50d3bc7ae/modules/zalo/zaloEventHandlers/UserShareInfoEventHandler.js).
   * Not confirmed from Zalo's own documentation: whether the user can edit the number in that
   * form before sharing. If they can, this event must not count as a verified number.
   */
  userSubmitInfo: 'user_submit_info',
} as const;

/** Attachment types inside message.attachments[]. Location carries payload.coordinates.{latitude,longitude}. */
export const ATTACHMENT_TYPES = { image: 'image', location: 'location' } as const;

/**
 * Zalo Notification Service (ZNS): approved template messages to a phone number, for updates
 * outside the 48 h window. Secondary sources too (integrators' code and resellers' docs): POST
 * `{ phone: "84…", template_id, template_data: {…}, tracking_id }` with the OA access token in
 * the `access_token` header; the answer carries `error` (0 = sent) and `data.msg_id`.
 * Overridable with ZALO_ZNS_API_BASE.
 */
export const DEFAULT_ZNS_API_BASE = 'https://business.openapi.zalo.me';
export const ZNS_TEMPLATE_PATH = '/message/template';
/** ZNS wants the number in international form without "+" (84905123456). */
export const ZNS_PHONE_COUNTRY_PREFIX = '84';
