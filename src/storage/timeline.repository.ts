import { Injectable } from '@nestjs/common';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';

export interface StoredActivity {
  eventId: string;
  eventName: string;
  type: string;
  timestamp: Date;
  participantId: string | null;
  participantType: string | null;
  participantName: string | null;
  role: string | null;
  previousRole: string | null;
  state: string | null;
  reason: string | null;
  details: unknown;
}

export interface StoredSession {
  id: string;
  state: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** Agent-only reads of what happened in a conversation besides its messages. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findActivitiesAndSessions(
    conversationId: string,
  ): Promise<{ activities: StoredActivity[]; sessions: StoredSession[] }> {
    const [activities, sessions] = await guardAvailability(() =>
      this.prisma.$transaction([
        this.prisma.activity.findMany({
          where: { conversationId },
          orderBy: [{ timestamp: 'asc' }, { eventId: 'asc' }],
          omit: { conversationId: true },
        }),
        this.prisma.channelSession.findMany({
          where: { conversationId },
          select: { id: true, state: true, startedAt: true, endedAt: true },
        }),
      ]),
    );
    return { activities, sessions };
  }
}
