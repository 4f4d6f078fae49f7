import { describe, expect, it } from '@jest/globals';
import { participantOf } from './participant-of.js';

describe(participantOf.name, () => {
  it.each([
    [
      'the current sender shape',
      {
        id: 'a1',
        type: 'AGENT',
        senderName: 'raza',
        additionalDetail: { firstName: 'Raza', lastName: 'K' },
      },
      { id: 'a1', idPath: 'id', type: 'AGENT', name: 'raza', role: null },
    ],
    [
      'a sender with only additionalDetail names',
      { id: 'a1', type: 'AGENT', additionalDetail: { firstName: 'Raza', lastName: 'K' } },
      { id: 'a1', idPath: 'id', type: 'AGENT', name: 'Raza K', role: null },
    ],
    [
      'an agent conversation participant',
      {
        id: 'cp-1',
        type: 'AGENT',
        role: 'PRIMARY',
        participant: {
          id: 'u1',
          participantType: 'CCUser',
          keycloakUser: { id: 'u1', firstName: 'Sara', lastName: '', username: 'sara' },
        },
      },
      {
        id: 'u1',
        idPath: 'participant.keycloakUser.id',
        type: 'AGENT',
        name: 'Sara',
        role: 'PRIMARY',
      },
    ],
    [
      'an older bot sender',
      {
        id: 'cp-2',
        type: 'BOT',
        role: 'ASSISTANT',
        participant: { participantType: 'TopicMonitor', id: 'tm-1', displayName: 'Topic Monitor' },
      },
      {
        id: 'tm-1',
        idPath: 'participant.id',
        type: 'BOT',
        name: 'Topic Monitor',
        role: 'ASSISTANT',
      },
    ],
    [
      'a participant without type, typed from participantType',
      { id: 'cp-3', participant: { participantType: 'BotParticipant', id: 'b1' } },
      { id: 'b1', idPath: 'participant.id', type: 'BOT', name: null, role: null },
    ],
  ])('should resolve %s', (_case, input, expected) => {
    expect(participantOf(input)).toEqual(expected);
  });

  it.each([[null], ['agent'], [{}], [{ type: 'AGENT' }]])('should return null for %j', (input) => {
    expect(participantOf(input)).toBeNull();
  });
});
