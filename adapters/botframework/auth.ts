/** Chooses how inbound Bot Framework requests are authenticated, or refuses to run unauthenticated. */
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { RequestHandler } from 'express';

export interface BotFrameworkCredentials {
  appId?: string;
  appPassword?: string;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId?: string;
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
  });
}

/** In JWT mode a request without a bearer token is refused before its body is read. */
export function requireBearer(mode: AuthMode): RequestHandler {
  return (req, res, next) => {
    if (mode === 'refuse') return void res.status(401).json({ error: 'Bot Framework credentials are not configured' });
    if (mode === 'jwt' && !/^Bearer\s+\S+/i.test(req.get('authorization') ?? '')) return void res.status(401).json({ error: 'unauthorized' });
    next();
  };
}
