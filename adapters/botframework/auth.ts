/**
 * Who may post activities. The Agents SDK's `authorizeJWT` checks the token (signature against the
 * issuer's published keys, audience, expiry, issuer); this module picks the mode, builds the SDK's
 * configuration from our options, and answers refusals in the project's error shape.
 */
import { AuthType, authorizeJWT, type AuthConfiguration, type Request as AgentsRequest } from '@microsoft/agents-hosting';
import type { RequestHandler } from 'express';
import type { Logger } from '../../bot/ports.ts';
import { sendError } from '../http/errors.ts';

export interface BotFrameworkCredentials {
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  /**
   * The Entra authority: the keys of Entra-issued tokens (the Emulator's, other agents') and the
   * bot's own tokens come from it. The public cloud's by default; tests point it at a local server.
   * Tokens issued by the Bot Connector itself are checked against its fixed key address.
   */
  authority?: string;
  /** Local development with the Emulator only: accept requests without a JWT. */
  allowUnauthenticated?: boolean;
}

export type AuthMode = 'jwt' | 'unauthenticated' | 'refuse';

/** The caller as the SDK sees it: the verified token's claims, or an anonymous stand-in. */
export type Identity = NonNullable<AgentsRequest['user']>;

const CONNECTION = 'serviceConnection';
const ANONYMOUS: Identity = { name: 'anonymous' };

export function authMode(credentials: BotFrameworkCredentials): AuthMode {
  if (credentials.appId) return 'jwt';
  return credentials.allowUnauthenticated ? 'unauthenticated' : 'refuse';
}

/**
 * One explicit connection, so the SDK takes nothing from process.env (it otherwise reads
 * `clientId`, `Connections__*` and similar variables itself; adapters/config.ts is the one reader).
 */
export function createAuthConfig(credentials: BotFrameworkCredentials): AuthConfiguration {
  const connection: AuthConfiguration = {
    authType: credentials.appType === 'UserAssignedMSI' ? AuthType.UserManagedIdentity : AuthType.ClientSecret,
    // Tokens from tenants other than ours and the Bot Connector's are refused, as botbuilder did.
    validateIssuer: true,
    ...(credentials.appId ? { clientId: credentials.appId } : {}),
    ...(credentials.appPassword ? { clientSecret: credentials.appPassword } : {}),
    ...(credentials.tenantId ? { tenantId: credentials.tenantId } : {}),
    ...(credentials.authority ? { authority: credentials.authority } : {}),
  };
  return { ...connection, connections: new Map([[CONNECTION, connection]]), connectionsMap: [{ serviceUrl: '*', connection: CONNECTION }] };
}

/** The identity the bot acts as when it writes first (ticket updates). */
export function botIdentity(credentials: BotFrameworkCredentials): Identity {
  return credentials.appId ? { aud: credentials.appId } : {};
}

/**
 * Runs before the body is read. A refused token answers 401; keys that cannot be fetched answer
 * 503 with Retry-After, so the Bot Connector delivers the activity again later.
 */
export function verifySender(mode: AuthMode, authConfig: AuthConfiguration, logger: Logger): RequestHandler {
  const check = authorizeJWT(authConfig);
  return async (req, res, next) => {
    if (mode === 'refuse') return void sendError(res, 401, 'unauthorized', 'this channel does not accept requests yet');
    const authorization = req.get('authorization');
    const agentsRequest = req as unknown as AgentsRequest;
    if (mode === 'unauthenticated' && !authorization) {
      agentsRequest.user = ANONYMOUS;
      return next();
    }
    if (!/^Bearer\s+\S+/i.test(authorization ?? '')) return void sendError(res, 401, 'unauthorized', 'a bearer token is required');
    let refusal: string | undefined;
    try {
      refusal = await runCheck(check, agentsRequest);
    } catch (error) {
      refusal = error instanceof Error ? error.message : 'the token check failed';
    }
    if (refusal === undefined) return next();
    if (keysUnavailable(refusal)) {
      logger.warn('botframework signing keys unavailable', { reason: refusal });
      res.set('Retry-After', '30');
      return void sendError(res, 503, 'unavailable', 'the sender cannot be verified right now; try again later');
    }
    sendError(res, 401, 'unauthorized', 'the bearer token was not accepted');
  };
}

type JwtCheck = ReturnType<typeof authorizeJWT>;

/**
 * Runs the SDK's middleware against a stand-in response: it resolves with nothing when the token
 * is accepted (req.user is then set) and with the SDK's refusal text otherwise, which never goes out.
 */
function runCheck(check: JwtCheck, req: AgentsRequest): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const refusal = {
      headersSent: false,
      writableEnded: false,
      status: () => refusal,
      setHeader: () => refusal,
      end: () => refusal,
      send(body?: unknown) {
        const text = (body as Record<string, unknown> | undefined)?.['jwt-auth-error'];
        resolve(typeof text === 'string' ? text : 'refused');
        return refusal;
      },
    };
    check(req, refusal, () => resolve(undefined)).catch(reject);
  });
}

// The middleware answers every failure with 401 and a message. jsonwebtoken reports a failed key
// lookup as "error in secret or public key callback: <jwks-rsa's message>"; of those, only a key
// id the issuer's key set lacks is the token's fault, the rest (unreachable, HTTP error, empty set)
// is the key service's.
const KEY_LOOKUP_FAILED = 'error in secret or public key callback:';
const NO_SUCH_KEY = /Unable to find a signing key|No KID specified/;

export function keysUnavailable(refusal: string): boolean {
  return refusal.startsWith(KEY_LOOKUP_FAILED) && !NO_SUCH_KEY.test(refusal);
}

/**
 * A Bot Connector token names the service its conversation lives at. The bot sends its own access
 * token to the activity's serviceUrl, so an activity pointing elsewhere is refused (botbuilder's
 * exact comparison; the SDK by itself only logs a mismatch).
 */
export function serviceUrlMatches(identity: Identity | undefined, serviceUrl: string): boolean {
  const claim = identity?.['serviceurl'];
  return typeof claim !== 'string' || claim === serviceUrl;
}
