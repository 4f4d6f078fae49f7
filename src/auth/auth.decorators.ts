import { SetMetadata } from '@nestjs/common';
import type { Scope } from './scopes.js';

export const PUBLIC_KEY = 'auth:public';
export const SCOPES_KEY = 'auth:scopes';
export const VIEW_SCOPE_KEY = 'auth:view-scope';

/** No API key needed (health checks). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The caller's key must hold every one of these scopes. */
export const RequireScopes = (...scopes: Scope[]) => SetMetadata(SCOPES_KEY, scopes);

/**
 * The scope depends on the `view` argument: `transcripts:agent` for AGENT, `transcripts:customer`
 * otherwise (an agent key may read the customer view too).
 */
export const RequireViewScope = () => SetMetadata(VIEW_SCOPE_KEY, true);
