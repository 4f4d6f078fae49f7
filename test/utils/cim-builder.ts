import { loadFixture } from './fixtures.js';

/**
 * Builds CIM events on the real envelope of the fixtures (channel session, channel, customer and
 * channel data repeated as the platform does), for any conversation, name, sender and body.
 */
type Json = Record<string, any>;

export interface Sender {
  id: string;
  type: string;
  name: string;
}

export const CUSTOMER = {
  _id: 'cust-1',
  firstName: 'Amina',
  isAnonymous: false,
  phoneNumber: ['+92 300 0000000'],
};
export const AGENT_1: Sender = { id: 'agent-1', type: 'AGENT', name: 'Raza Khan' };
export const AGENT_2: Sender = { id: 'agent-2', type: 'AGENT', name: 'Sara Ali' };
export const BOT: Sender = { id: 'bot-1', type: 'BOT', name: 'Helper Bot' };
export const CONNECTOR: Sender = { id: 'connector-web', type: 'CONNECTOR', name: 'Web' };

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export class ConversationBuilder {
  private readonly session: Json;

  constructor(
    readonly conversationId: string,
    private readonly start = 1_765_000_000_000,
  ) {
    const base = loadFixture('CUSTOMER_MESSAGE') as Json;
    this.session = structuredClone(base.channelSession);
    this.session.id = `${conversationId}-session`;
    this.session.conversationId = conversationId;
    this.session.customer = { ...CUSTOMER };
  }

  /** From now on the envelope carries this customer (as after ASSOCIATED_CUSTOMER_CHANGED). */
  setCustomer(customer: Json): Json {
    this.session.customer = { ...customer };
    return customer;
  }

  at(offsetSeconds: number): number {
    return this.start + offsetSeconds * 1000;
  }

  private envelope(
    id: string,
    name: string,
    type: string,
    ts: number,
    data: unknown,
    emitter: Json,
  ): Json {
    return {
      id,
      name,
      type,
      conversationId: this.conversationId,
      roomInfo: { id: `${this.conversationId}-room`, mode: 'CONTACT_CENTER' },
      timestamp: ts,
      data,
      channelSession: structuredClone(this.session),
      eventEmitter: emitter,
    };
  }

  message(o: {
    id: string;
    dataId: string;
    name: string;
    at: number;
    sender: Sender;
    body: Json;
    encoded?: boolean;
    oldSenderShape?: boolean;
  }): Json {
    const sender = o.oldSenderShape
      ? {
          id: `cp-${o.sender.id}`,
          type: o.sender.type,
          role: 'ASSISTANT',
          participant: {
            participantType: 'TopicMonitor',
            id: o.sender.id,
            displayName: o.sender.name,
          },
          joiningTime: this.at(o.at) - 1000,
          state: 'SUBSCRIBED',
        }
      : { id: o.sender.id, senderName: o.sender.name, type: o.sender.type, additionalDetail: null };
    const data = {
      id: o.dataId,
      header: {
        timestamp: this.at(o.at) - 1,
        sender,
        channelData: structuredClone(this.session.channelData),
        intent: null,
        additionalData: { isEncoded: o.encoded ?? true },
        conversationId: this.conversationId,
        roomId: `${this.conversationId}-room`,
        channelSessionId: this.session.id,
        customer: { ...this.session.customer },
        channelSession: structuredClone(this.session),
      },
      body: o.body,
    };
    return this.envelope(o.id, o.name, 'MESSAGE', this.at(o.at), data, {
      id: o.sender.id,
      senderName: o.sender.name,
      type: o.sender.type,
      additionalDetail: null,
    });
  }

  text(id: string, name: string, at: number, sender: Sender, text: string): Json {
    return this.message({
      id,
      dataId: `${id}-msg`,
      name,
      at,
      sender,
      body: { type: 'PLAIN', markdownText: b64(text) },
    });
  }

  sessionEvent(id: string, name: string, at: number, state: string, reasonCode: string): Json {
    const data = structuredClone(this.session);
    data.state = { name: state, reasonCode };
    data.isActive = state === 'STARTED';
    data.active = state === 'STARTED';
    return this.envelope(id, name, 'NOTIFICATION', this.at(at), data, {
      id: 'system',
      type: 'SYSTEM',
      senderName: 'CONVERSATION_MANAGER',
      additionalDetail: null,
    });
  }

  agentEvent(
    id: string,
    name: string,
    at: number,
    agent: Sender,
    role: string,
    extra: Json = {},
  ): Json {
    const [firstName, ...rest] = agent.name.split(' ');
    const agentParticipant = {
      id: `cp-${agent.id}`,
      type: 'AGENT',
      role,
      participant: {
        id: agent.id,
        participantType: 'CCUser',
        keycloakUser: {
          id: agent.id,
          firstName,
          lastName: rest.join(' '),
          username: agent.id,
          roles: ['agent'],
        },
      },
      joiningTime: this.at(at),
      conversationId: this.conversationId,
      isActive: name !== 'AGENT_UNSUBSCRIBED',
      state: name === 'AGENT_UNSUBSCRIBED' ? 'UNSUBSCRIBED' : 'SUBSCRIBED',
    };
    return this.envelope(
      id,
      name,
      'NOTIFICATION',
      this.at(at),
      { agentParticipant, reason: null, ...extra },
      { id: agent.id, senderName: agent.name, type: 'AGENT', additionalDetail: null },
    );
  }

  botEvent(id: string, name: string, at: number): Json {
    const botParticipant = {
      id: `cp-${BOT.id}`,
      type: 'BOT',
      role: 'PRIMARY',
      participant: { id: BOT.id, participantType: 'BotParticipant', displayName: BOT.name },
    };
    return this.envelope(
      id,
      name,
      'NOTIFICATION',
      this.at(at),
      { botParticipant },
      { id: 'system', type: 'SYSTEM', senderName: 'CONVERSATION_MANAGER', additionalDetail: null },
    );
  }

  notification(id: string, name: string, at: number, data: Json): Json {
    return this.envelope(id, name, 'NOTIFICATION', this.at(at), data, {
      id: 'system',
      type: 'SYSTEM',
      senderName: 'CONVERSATION_MANAGER',
      additionalDetail: null,
    });
  }
}
