import { isObject, type JsonObject } from './cim-event.js';

/** Who someone is, whatever shape the event gives them in. */
export interface ResolvedParticipant {
  id: string;
  /** Where `id` was read, relative to the value given (`id`, `participant.keycloakUser.id`, ...). */
  idPath: string;
  type: string;
  name: string | null;
  role: string | null;
}

/**
 * Resolves both shapes of a participant:
 * - the current sender shape `{ id, type, senderName, additionalDetail: { firstName, lastName } }`;
 * - a conversation participant `{ id, type, role, participant: { id, keycloakUser | displayName } }`,
 *   used by AGENT_SUBSCRIBED and by older (2022) message senders. Its own `id` names the membership,
 *   so the person is `participant.keycloakUser.id` (agents) or `participant.id`.
 */
export function participantOf(value: unknown): ResolvedParticipant | null {
  if (!isObject(value)) return null;
  const inner = isObject(value.participant) ? value.participant : null;
  if (inner) {
    const user = isObject(inner.keycloakUser) ? inner.keycloakUser : null;
    const [id, idPath] = firstString([
      [user?.id, 'participant.keycloakUser.id'],
      [inner.id, 'participant.id'],
      [value.id, 'id'],
    ]);
    if (!id) return null;
    const name =
      joinName(user?.firstName, user?.lastName) ??
      str(user?.username) ??
      str(inner.displayName) ??
      str(inner.name) ??
      str(value.senderName);
    return {
      id,
      idPath,
      type: str(value.type) ?? typeFromParticipant(inner),
      name,
      role: str(value.role),
    };
  }
  const id = str(value.id);
  if (!id) return null;
  const detail = isObject(value.additionalDetail) ? value.additionalDetail : {};
  return {
    id,
    idPath: 'id',
    type: str(value.type) ?? 'UNKNOWN',
    name: str(value.senderName) ?? joinName(detail.firstName, detail.lastName),
    role: str(value.role),
  };
}

function firstString(candidates: [unknown, string][]): [string | null, string] {
  for (const [value, path] of candidates) if (str(value)) return [value as string, path];
  return [null, ''];
}

function typeFromParticipant(p: JsonObject): string {
  switch (p.participantType) {
    case 'CCUser':
      return 'AGENT';
    case 'BotParticipant':
    case 'TopicMonitor':
      return 'BOT';
    default:
      return 'UNKNOWN';
  }
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function joinName(first: unknown, last: unknown): string | null {
  const name = [str(first), str(last)].filter((p): p is string => p !== null).join(' ');
  return name === '' ? null : name;
}
