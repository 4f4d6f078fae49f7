import type { StoredMessage, StoredParticipant } from '../storage/transcript.repository.js';
import { toMessageContent } from './message-content.mapper.js';
import { ParticipantType, Visibility } from './models/enums.js';
import type { Participant } from './models/participant.model.js';
import type { TranscriptMessage } from './models/transcript-message.model.js';

const PARTICIPANT_TYPES = new Set<string>(Object.values(ParticipantType));

export function toParticipant(p: StoredParticipant): Participant {
  return {
    id: p.id,
    name: p.name,
    type: PARTICIPANT_TYPES.has(p.type) ? (p.type as ParticipantType) : ParticipantType.UNKNOWN,
  };
}

export function toTranscriptMessage(m: StoredMessage): TranscriptMessage {
  return {
    id: m.id,
    eventId: m.eventId,
    eventName: m.eventName,
    timestamp: m.timestamp,
    sender: toParticipant(m.sender),
    type: m.bodyType,
    text: m.text,
    visibility:
      m.visibility === 'CUSTOMER_VISIBLE' ? Visibility.CUSTOMER_VISIBLE : Visibility.AGENTS_ONLY,
    channelSessionId: m.channelSessionId,
    content: toMessageContent(m.bodyType, m.body),
    deliveryStatus: m.deliveryStatus,
    erased: m.erased,
  };
}
