import { describe, expect, it } from '@jest/globals';
import { EVENT_CATALOGUE, catalogueEntry } from './event-catalogue.js';
import { visibilityOf } from './visibility.js';

describe(catalogueEntry.name, () => {
  it.each([
    ['CUSTOMER_MESSAGE', 'message', undefined],
    ['AGENT_MESSAGE', 'message', undefined],
    ['BOT_MESSAGE', 'message', undefined],
    ['WHISPER_MESSAGE', 'message', undefined],
    ['BOT_SUGGESTION', 'message', undefined],
    ['THIRD_PARTY_ACTIVITY', 'message', undefined],
    ['ACTION_MESSAGE', 'message', undefined],
    ['WRAPUP_APPLIED', 'message', 'WRAP_UP'],
    ['MESSAGE_DELIVERY_NOTIFICATION', 'state', undefined],
    ['TYPING_INDICATOR', 'audit', undefined],
    ['CHANNEL_SESSION_STARTED', 'activity', 'SESSION_STARTED'],
    ['CHANNEL_SESSION_ENDED', 'activity', 'SESSION_ENDED'],
    ['CHANNEL_SESSION_EXPIRED', 'activity', 'SESSION_EXPIRED'],
    ['AGENT_SUBSCRIBED', 'activity', 'AGENT_JOINED'],
    ['AGENT_UNSUBSCRIBED', 'activity', 'AGENT_LEFT'],
    ['PARTICIPANT_ROLE_CHANGED', 'activity', 'ROLE_CHANGED'],
    ['BOT_SUBSCRIBED', 'activity', 'BOT_JOINED'],
    ['BOT_UNSUBSCRIBED', 'activity', 'BOT_LEFT'],
    ['TASK_STATE_CHANGED', 'activity', 'TASK_STATE_CHANGED'],
    ['CONVERSATION_DATA_CHANGED', 'activity', 'CONVERSATION_DATA_CHANGED'],
    ['ASSOCIATED_CUSTOMER_CHANGED', 'activity', 'CUSTOMER_CHANGED'],
    ['SOMETHING_NEW_FROM_A_VENDOR', 'audit', undefined],
    ['constructor', 'audit', undefined],
    ['__proto__', 'audit', undefined],
  ])('should handle %s as %s (%s)', (name, kind, activity) => {
    expect(catalogueEntry(name)).toEqual({ kind, activity });
  });

  it('should make no catalogued name other than the three customer-facing ones customer-visible', () => {
    const visible = Object.keys(EVENT_CATALOGUE).filter(
      (n) => visibilityOf(n) === 'CUSTOMER_VISIBLE',
    );
    expect(visible.sort()).toEqual(['AGENT_MESSAGE', 'BOT_MESSAGE', 'CUSTOMER_MESSAGE']);
  });
});
