/** Why a token was refused: the `reason` field of 401/403/429 answers, for machines (messages are for people). */
export type TokenFailure =
  | 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'rotated' | 'no_environment'
  | 'source_not_allowed' | 'insufficient_scope' | 'rate_limited';

export interface TokenRefusal {
  ok: false;
  status: 401 | 403 | 429;
  /** One sentence for people, e.g. `token wdn_staging_AbC123 was revoked`. */
  reason: string;
  code: TokenFailure;
  retryAfterSeconds?: number;
}

/** The JSON and headers every token-authenticated endpoint answers a refusal with (RFC 6750 for 401/403). */
export function refusalResponse(refusal: TokenRefusal, body: Record<string, unknown> = {}): Response {
  const headers: Record<string, string> = {};
  if (refusal.status === 401) headers['WWW-Authenticate'] = `Bearer error="invalid_token", error_description="${refusal.code}"`;
  if (refusal.status === 403 && refusal.code === 'insufficient_scope') headers['WWW-Authenticate'] = 'Bearer error="insufficient_scope"';
  if (refusal.retryAfterSeconds) headers['Retry-After'] = String(refusal.retryAfterSeconds);
  const error = refusal.status === 401 ? 'unauthenticated' : refusal.status === 429 ? 'rate_limited' : 'forbidden';
  return Response.json({ error, message: refusal.reason, reason: refusal.code, ...body }, { status: refusal.status, headers });
}
