/** Chooses how inbound Bot Framework requests are authenticated, or refuses to run unauthenticated. */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { RequestHandler } from 'express';
import { sendError } from '../http/errors.ts';

export interface BotFrameworkCredentials {
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
  /** Where the JWT signing keys are published; the public cloud's by default (tests point it elsewhere). */
  openIdMetadataUrl?: string;
  /** Local development with the Emulator only: accept requests without a JWT. */
  allowUnauthenticated?: boolean;
}

export type AuthMode = 'jwt' | 'unauthenticated' | 'refuse';

export function authMode(credentials: BotFrameworkCredentials): AuthMode {
  if (credentials.appId) return 'jwt';
  return credentials.allowUnauthenticated ? 'unauthenticated' : 'refuse';
}

export function createAuthentication(credentials: BotFrameworkCredentials): ConfigurationBotFrameworkAuthentication {
  // With an empty app id the SDK skips JWT validation; authMode() decides whether that is allowed.
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: credentials.appId ?? '',
    MicrosoftAppPassword: credentials.appPassword ?? '',
    MicrosoftAppType: credentials.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: credentials.tenantId ?? '',
    ...(credentials.openIdMetadataUrl ? publicCloudWithKeysAt(credentials.openIdMetadataUrl) : {}),
  });
}

/**
 * The SDK takes one overridden endpoint as a full custom cloud, so the public cloud's other values
 * (botframework-connector's AuthenticationConstants) are given beside the metadata URL.
 */
function publicCloudWithKeysAt(openIdMetadataUrl: string) {
  return {
    ToBotFromChannelOpenIdMetadataUrl: openIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: openIdMetadataUrl,
    ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
    ToChannelFromBotOAuthScope: 'https://api.botframework.com',
    ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
    OAuthUrl: 'https://api.botframework.com',
    CallerId: 'urn:botframework:azure',
  };
}

/** In JWT mode a request without a bearer token is refused before its body is read. */
export function requireBearer(mode: AuthMode): RequestHandler {
  return (req, res, next) => {
    if (mode === 'refuse') return void sendError(res, 401, 'unauthorized', 'this channel does not accept requests yet');
    if (mode === 'jwt' && !/^Bearer\s+\S+/i.test(req.get('authorization') ?? '')) return void sendError(res, 401, 'unauthorized', 'a bearer token is required');
    next();
  };
}
