import { readFileSync } from 'node:fs';
import {
  AGENT_1,
  AGENT_2,
  BOT,
  CONNECTOR,
  ConversationBuilder,
  type Sender,
} from './cim-builder.js';
import { FIXTURES_DIR } from './fixtures.js';

/** One message of test/fixtures/bodies/every-body-type.json and what the console must show of it. */
export interface BodyCase {
  label: string;
  name: string;
  sender: 'customer' | 'agent' | 'consultant' | 'bot';
  body: Record<string, unknown>;
  shows: string[];
  rtl?: boolean;
  whisper?: boolean;
  agentOnly?: boolean;
  link?: { name: string; href: string };
  noLink?: string;
}

export const BODY_CASES = JSON.parse(
  readFileSync(`${FIXTURES_DIR}/bodies/every-body-type.json`, 'utf8'),
) as BodyCase[];

export const BODIES_CONVERSATION = 'conv-bodies';
/** 2026-01-02T09:00:00Z, the day after the read-side data set. */
export const BODIES_START = Date.UTC(2026, 0, 2, 9);

const SENDERS: Record<BodyCase['sender'], Sender> = {
  customer: CONNECTOR,
  agent: AGENT_1,
  consultant: AGENT_2,
  bot: BOT,
};

/**
 * A conversation with one message of every body type (a whisper among them), the agents joining
 * (Raza PRIMARY, Sara ASSISTANT who whispers) and a session around it.
 */
export function bodiesConversation(): Record<string, unknown>[] {
  const b = new ConversationBuilder(BODIES_CONVERSATION, BODIES_START);
  const events = [
    b.sessionEvent('bodies-start', 'CHANNEL_SESSION_STARTED', 0, 'STARTED', 'CUSTOMER'),
    b.agentEvent('bodies-a1', 'AGENT_SUBSCRIBED', 5, AGENT_1, 'PRIMARY'),
    b.agentEvent('bodies-a2', 'AGENT_SUBSCRIBED', 6, AGENT_2, 'ASSISTANT'),
  ];
  BODY_CASES.forEach((c, i) =>
    events.push(
      b.message({
        id: `bodies-${i}`,
        dataId: `bodies-${i}-msg`,
        name: c.name,
        at: 10 + i * 20,
        sender: SENDERS[c.sender],
        body: c.body,
        encoded: false,
      }),
    ),
  );
  events.push(b.sessionEvent('bodies-end', 'CHANNEL_SESSION_ENDED', 900, 'ENDED', 'AGENT'));
  return events;
}
