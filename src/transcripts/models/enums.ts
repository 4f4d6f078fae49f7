import { registerEnumType } from '@nestjs/graphql';
import { TranscriptView } from '../../storage/transcript-view.js';

export { TranscriptView };

export enum Visibility {
  CUSTOMER_VISIBLE = 'CUSTOMER_VISIBLE',
  AGENTS_ONLY = 'AGENTS_ONLY',
}

export enum ParticipantType {
  AGENT = 'AGENT',
  CUSTOMER = 'CUSTOMER',
  BOT = 'BOT',
  APP = 'APP',
  CONNECTOR = 'CONNECTOR',
  SYSTEM = 'SYSTEM',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(TranscriptView, {
  name: 'TranscriptView',
  description: 'CUSTOMER: only what the customer saw. AGENT: everything, whispers included.',
});
registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'Who may see a message. Anything not known to be customer-visible is AGENTS_ONLY.',
});
registerEnumType(ParticipantType, { name: 'ParticipantType' });
