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
  valuesMap: {
    CUSTOMER: {
      description:
        'What the customer saw: customer-visible messages only (scope transcripts:customer).',
    },
    AGENT: {
      description:
        'Everything, whispers included (scope transcripts:agent; recorded in the access log).',
    },
  },
});
registerEnumType(Visibility, {
  name: 'Visibility',
  description: 'Who may see a message. Anything not known to be customer-visible is AGENTS_ONLY.',
  valuesMap: {
    CUSTOMER_VISIBLE: {
      description: 'Shown to the customer: CUSTOMER_MESSAGE, AGENT_MESSAGE and BOT_MESSAGE.',
    },
    AGENTS_ONLY: {
      description: 'Never shown to the customer: whispers and every other event name.',
    },
  },
});
registerEnumType(ParticipantType, {
  name: 'ParticipantType',
  description: 'What kind of party a participant is, from the CIM sender or participant type.',
  valuesMap: {
    AGENT: { description: 'A human agent or supervisor.' },
    CUSTOMER: { description: 'The customer (also a CONNECTOR sender of a CUSTOMER_MESSAGE).' },
    BOT: { description: 'A bot.' },
    APP: { description: 'An application sending through the platform.' },
    CONNECTOR: { description: 'A channel connector.' },
    SYSTEM: { description: 'The platform itself.' },
    UNKNOWN: { description: 'A type this service does not know, or none given.' },
  },
});
