import { Injectable } from '@nestjs/common';
import type { Prisma } from './generated/prisma/client.js';
import { restoreBody } from './message-body.js';
import { PrismaService } from './prisma.service.js';
import { guardAvailability } from './storage-errors.js';
import { visibilitiesFor, type TranscriptView } from './transcript-view.js';

export interface StoredParticipant {
  id: string;
  type: string;
  name: string | null;
}

export interface StoredMessage {
  id: string;
  eventId: string;
  eventName: string;
  timestamp: Date;
  bodyType: string;
  text: string | null;
  visibility: 'CUSTOMER_VISIBLE' | 'AGENTS_ONLY';
  channelSessionId: string | null;
  sender: StoredParticipant;
  body: unknown;
  /** From MESSAGE_DELIVERY_NOTIFICATION: DELIVERED, READ, FAILED; null when none arrived. */
  deliveryStatus: string | null;
}

/** Reads messages. Every query here filters through `visibleIn(view)`: the one customer-safe rule. */
@Injectable()
export class TranscriptRepository {
  constructor(private readonly prisma: PrismaService) {}

  async conversationExists(conversationId: string): Promise<boolean> {
    const found = await guardAvailability(() =>
      this.prisma.conversation.findUnique({ where: { id: conversationId }, select: { id: true } }),
    );
    return found !== null;
  }

  /** The conversation's messages the view may see, in transcript order (event time, then event id). */
  async findMessages(conversationId: string, view: TranscriptView): Promise<StoredMessage[]> {
    const [messages, participants, statuses] = await guardAvailability(() =>
      this.prisma.$transaction([
        this.prisma.message.findMany({
          where: { conversationId, ...visibleIn(view) },
          orderBy: [{ timestamp: 'asc' }, { eventId: 'asc' }],
          select: {
            id: true,
            eventId: true,
            eventName: true,
            timestamp: true,
            bodyType: true,
            text: true,
            visibility: true,
            channelSessionId: true,
            senderId: true,
            senderType: true,
            body: true,
            markdownTextEncoding: true,
          },
        }),
        this.prisma.participant.findMany({
          where: { conversationId },
          select: { id: true, type: true, name: true },
        }),
        this.prisma.messageStatus.findMany({
          where: { conversationId },
          select: { messageId: true, status: true },
        }),
      ]),
    );
    const byId = new Map(participants.map((p) => [p.id, p]));
    // A status is only attached to a message this view returned.
    const statusOf = new Map(statuses.map((s) => [s.messageId, s.status]));
    return messages.map(({ senderId, senderType, markdownTextEncoding, body, ...m }) => ({
      ...m,
      body: restoreBody(body, m.text, markdownTextEncoding),
      sender: byId.get(senderId) ?? { id: senderId, type: senderType, name: null },
      deliveryStatus: statusOf.get(m.id) ?? null,
    }));
  }
}

function visibleIn(view: TranscriptView): Prisma.MessageWhereInput {
  return { visibility: { in: visibilitiesFor(view) } };
}
