export const SCOPES = [
  'events:write',
  'transcripts:customer',
  'transcripts:agent',
  'reports:read',
  'audit:read',
  'data:erase',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** `transcripts:agent` implies `transcripts:customer`. */
export function grants(held: readonly Scope[], wanted: Scope): boolean {
  if (held.includes(wanted)) return true;
  return wanted === 'transcripts:customer' && held.includes('transcripts:agent');
}
