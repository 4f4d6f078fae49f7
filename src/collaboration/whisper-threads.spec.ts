import { describe, expect, it } from '@jest/globals';
import type { StoredMessage } from '../storage/transcript.repository.js';
import { whisperThreads } from './whisper-threads.js';

const message = (id: string, sender: string, whisper: boolean): StoredMessage => ({
  id,
  eventId: `e-${id}`,
  eventName: whisper ? 'WHISPER_MESSAGE' : 'AGENT_MESSAGE',
  timestamp: new Date(0),
  bodyType: 'PLAIN',
  text: id,
  visibility: whisper ? 'AGENTS_ONLY' : 'CUSTOMER_VISIBLE',
  channelSessionId: null,
  sender: { id: sender, type: 'AGENT', name: null },
  body: { type: 'PLAIN' },
  deliveryStatus: null,
  erased: false,
});

describe(whisperThreads.name, () => {
  it.each([
    { label: 'no messages', input: [], expected: [] },
    { label: 'no whispers', input: [message('a', 'x', false)], expected: [] },
    {
      label: 'whispers split by a visible message',
      input: [
        message('w1', 'x', true),
        message('w2', 'y', true),
        message('v', 'x', false),
        message('w3', 'x', true),
      ],
      expected: [
        { ids: ['w1', 'w2'], agents: ['x', 'y'] },
        { ids: ['w3'], agents: ['x'] },
      ],
    },
    {
      label: 'one agent whispering twice in a row',
      input: [message('w1', 'x', true), message('w2', 'x', true)],
      expected: [{ ids: ['w1', 'w2'], agents: ['x'] }],
    },
  ])('should find the threads when given $label', ({ input, expected }) => {
    const sut = whisperThreads(input);

    expect(
      sut.map((t) => ({ ids: t.messages.map((m) => m.id), agents: t.agents.map((a) => a.id) })),
    ).toEqual(expected);
  });
});
