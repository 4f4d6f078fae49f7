import { describe, expect, it } from '@jest/globals';
import {
  CONVERSATION_ID,
  FIXTURE_NAMES,
  eventFrom,
  loadFixture,
} from '../../test/utils/fixtures.js';
import { decodeText, normaliseEvent } from './normalise-event.js';

const CUSTOMER_ID = '694130729b2330ed2d0a3ea0';
const AGENT_ID = '3c24d80a-4571-4df1-acdf-2be68a32ed85';
const SESSION_ID = '69413536c18fae43a7913dba';
const CHANNEL_ID = '6932b17e3f19753775b74490';

/** What each fixture must become (see test/fixtures/README.md). */
const EXPECTED: Record<
  string,
  {
    message: null | {
      id: string;
      senderId: string;
      senderType: string;
      bodyType: string;
      text: string | null;
      visibility: string;
    };
    participants: { id: string; type: string; name: string | null }[];
    sessionState: string;
  }
> = {
  CHANNEL_SESSION_STARTED: { message: null, participants: [], sessionState: 'STARTED' },
  CUSTOMER_MESSAGE: {
    message: {
      id: '8a1f0b2c-3d4e-4f5a-8b6c-7d8e9f0a1b2c',
      senderId: CUSTOMER_ID,
      senderType: 'CUSTOMER',
      bodyType: 'PLAIN',
      text: 'Hi, I need help with my order',
      visibility: 'CUSTOMER_VISIBLE',
    },
    participants: [{ id: CUSTOMER_ID, type: 'CUSTOMER', name: '1212' }],
    sessionState: 'STARTED',
  },
  BOT_MESSAGE: {
    message: {
      id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
      senderId: '6932aed1098c173271a2025b',
      senderType: 'BOT',
      bodyType: 'BUTTON',
      text: 'What can I help you with?',
      visibility: 'CUSTOMER_VISIBLE',
    },
    participants: [{ id: '6932aed1098c173271a2025b', type: 'BOT', name: 'Conversation Bot' }],
    sessionState: 'STARTED',
  },
  AGENT_SUBSCRIBED: {
    message: null,
    participants: [{ id: AGENT_ID, type: 'AGENT', name: 'raza' }],
    sessionState: 'STARTED',
  },
  WHISPER_MESSAGE: {
    message: {
      id: '33873c88-9a2e-4017-a92c-9b2f08ead2b0',
      senderId: AGENT_ID,
      senderType: 'AGENT',
      bodyType: 'PLAIN',
      text: 'hello',
      visibility: 'AGENTS_ONLY',
    },
    participants: [{ id: AGENT_ID, type: 'AGENT', name: 'raza' }],
    sessionState: 'STARTED',
  },
  AGENT_MESSAGE: {
    message: {
      id: 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f',
      senderId: AGENT_ID,
      senderType: 'AGENT',
      bodyType: 'IMAGE',
      text: null,
      visibility: 'CUSTOMER_VISIBLE',
    },
    participants: [{ id: AGENT_ID, type: 'AGENT', name: 'raza' }],
    sessionState: 'STARTED',
  },
  CHANNEL_SESSION_ENDED: { message: null, participants: [], sessionState: 'ENDED' },
};

describe(normaliseEvent.name, () => {
  it('should have an expectation for every fixture', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(FIXTURE_NAMES);
  });

  describe.each(FIXTURE_NAMES)('%s', (name) => {
    const event = loadFixture(name);
    const { rows: sut, problems } = normaliseEvent(event);
    const expected = EXPECTED[name];

    it('should find every stored value within the storage limits', () => {
      expect(problems).toEqual([]);
    });

    it('should keep the event as received in the audit record', () => {
      expect(sut.event).toEqual({
        conversationId: CONVERSATION_ID,
        id: event.id,
        name,
        timestamp: new Date(event.timestamp),
        payload: event,
      });
    });

    it('should produce the expected message, if any', () => {
      if (expected.message === null) {
        expect(sut.message).toBeNull();
      } else {
        expect(sut.message).toMatchObject({
          ...expected.message,
          conversationId: CONVERSATION_ID,
          eventId: event.id,
          eventName: name,
          channelSessionId: SESSION_ID,
          timestamp: new Date(event.timestamp),
        });
      }
    });

    it('should produce the expected participants', () => {
      expect(sut.participants.map(({ id, type, name: n }) => ({ id, type, name: n }))).toEqual(
        expected.participants,
      );
    });

    it('should snapshot the channel session, channel and customer at the event time', () => {
      const version = { at: new Date(event.timestamp), eventId: event.id };
      expect(sut.channelSession).toMatchObject({
        id: SESSION_ID,
        state: expected.sessionState,
        channelId: CHANNEL_ID,
        customerId: CUSTOMER_ID,
        ...version,
      });
      expect(sut.channel).toMatchObject({
        id: CHANNEL_ID,
        name: 'Amna-Web',
        channelType: 'WEB',
        ...version,
      });
      expect(sut.customer).toMatchObject({ id: CUSTOMER_ID, firstName: '1212', ...version });
      expect(sut.conversation).toEqual({
        id: CONVERSATION_ID,
        customerId: CUSTOMER_ID,
        channelId: CHANNEL_ID,
        ...version,
      });
    });
  });

  it('should make any unknown event name with a message agents-only', () => {
    const event = eventFrom('AGENT_MESSAGE', (e) => (e.name = 'SOME_FUTURE_MESSAGE'));
    expect(normaliseEvent(event).rows.message?.visibility).toBe('AGENTS_ONLY');
  });

  it.each(['DELIVERYNOTIFICATION', 'NOTIFICATION'])(
    'should not make a message of a %s body',
    (type) => {
      const event = eventFrom('AGENT_MESSAGE', (e) => (e.data.body.type = type));
      expect(normaliseEvent(event).rows.message).toBeNull();
    },
  );

  it('should keep a CONNECTOR sender as is when the event is not a customer message', () => {
    const event = eventFrom('CUSTOMER_MESSAGE', (e) => (e.name = 'THIRD_PARTY_ACTIVITY'));
    expect(normaliseEvent(event).rows.message).toMatchObject({
      senderType: 'CONNECTOR',
      senderId: '6932ae953f19753775b7448a',
      visibility: 'AGENTS_ONLY',
    });
  });
});

describe(`${normaliseEvent.name} limits`, () => {
  const ID = 'must be a non-empty string of at most 200 characters';
  const LONG = 'x'.repeat(201);

  it.each([
    ['WHISPER_MESSAGE', (e: any) => (e.channelSession.id = LONG), [`channelSession.id ${ID}`]],
    [
      'WHISPER_MESSAGE',
      (e: any) => (e.channelSession.customer._id = LONG),
      [`channelSession.customer._id ${ID}`],
    ],
    ['CHANNEL_SESSION_STARTED', (e: any) => (e.data.channel.id = LONG), [`data.channel.id ${ID}`]],
    [
      'AGENT_SUBSCRIBED',
      (e: any) => (e.data.agentParticipant.participant.keycloakUser.id = LONG),
      [`data.agentParticipant.participant.keycloakUser.id ${ID}`],
    ],
    [
      'WHISPER_MESSAGE',
      (e: any) => (e.data.header.channelSessionId = LONG),
      [`data.header.channelSessionId ${ID}`],
    ],
    [
      'WHISPER_MESSAGE',
      (e: any) => (e.data.header.timestamp = '1765881831351'),
      [
        'data.header.timestamp must be an integer number of epoch milliseconds from 0 to 253402300799999',
      ],
    ],
  ])('should name the field a %s event stores beyond the limits', (name, change, problems) => {
    const sut = normaliseEvent(eventFrom(name, change));

    expect(sut.problems).toEqual(problems);
  });

  it.each([
    ['an empty customer id, as no customer', (e: any) => (e.channelSession.customer._id = '')],
    ['a null header timestamp, as no send time', (e: any) => (e.data.header.timestamp = null)],
    ['an id of exactly 200 characters', (e: any) => (e.channelSession.id = 'x'.repeat(200))],
  ])('should read %s without a problem', (_case, change) => {
    const sut = normaliseEvent(eventFrom('WHISPER_MESSAGE', change));

    expect(sut.problems).toEqual([]);
  });
});

describe(decodeText.name, () => {
  it.each([
    [
      'base64 UTF-8 when isEncoded is true',
      {
        header: { additionalData: { isEncoded: true } },
        body: { markdownText: Buffer.from('مرحبا 你好 👋🏽').toString('base64') },
      },
      'مرحبا 你好 👋🏽',
    ],
    [
      'the text as is when not encoded',
      { header: {}, body: { markdownText: 'plain *md*' } },
      'plain *md*',
    ],
    [
      'U+FFFD for each NUL the base64 decodes to',
      { header: { additionalData: { isEncoded: true } }, body: { markdownText: 'YQBiAA==' } },
      'a\uFFFDb\uFFFD',
    ],
    [
      'null when there is no markdownText',
      { header: { additionalData: { isEncoded: true } }, body: { markdownText: null } },
      null,
    ],
  ])('should return %s', (_case, message, expected) => {
    expect(decodeText(message)).toBe(expected);
  });
});
