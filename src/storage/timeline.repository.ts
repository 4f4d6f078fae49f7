import { Inject, Injectable } from '@nestjs/common';
import { decodeId, decodeNullableId, encodeId } from '../domain/compact-id.js';
import type { PrismaClient } from './generated/prisma/client.js';
import type { ActivityRow } from '../ingest/normalised-event.js';
import { READ_PRISMA } from './storage.tokens.js';
import { guardAvailability } from './storage-errors.js';

/** An activity row as stored (see src/ingest/normalised-event.ts). */
export type StoredActivity = Omit<ActivityRow, 'conversationId'>;

export interface StoredSession {
  id: string;
  state: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** Agent-only reads of what happened in a conversation besides its messages. */
@Injectable()
export class TimelineRepository {
  constructor(@Inject(READ_PRISMA) private readonly prisma: PrismaClient) {}

  async findActivitiesAndSessions(
    conversationId: string,
  ): Promise<{ activities: StoredActivity[]; sessions: StoredSession[] }> {
    const id = encodeId(conversationId);
    const [activities, sessions] = await guardAvailability(() =>
      this.prisma.$transaction([
        this.prisma.activity.findMany({
          where: { conversationId: id },
          orderBy: [{ timestamp: 'asc' }, { eventId: 'asc' }],
          omit: { conversationId: true },
        }),
        this.prisma.channelSession.findMany({
          where: { conversationId: id },
          select: { id: true, state: true, startedAt: true, endedAt: true },
        }),
      ]),
    );
    return {
      activities: activities.map((a) => ({
        ...a,
        eventId: decodeId(a.eventId),
        participantId: decodeNullableId(a.participantId),
      })),
      sessions: sessions.map((s) => ({ ...s, id: decodeId(s.id) })),
    };
  }
}
