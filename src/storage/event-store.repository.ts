import { Inject, Injectable } from '@nestjs/common';
import { partHash, type Part, type PartRef } from '../domain/audit/event-pieces.js';
import { diffFrom, shapeOf, type Envelope } from '../domain/audit/residual-template.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { decodeId } from '../domain/compact-id.js';
import type { NormalisedEvent } from '../ingest/normalised-event.js';
import { EventReader } from './event-reader.js';
import { byteaId, messageRowOf, upsertRowsParam } from './normalised-upserts.js';
import type { DatabaseConnection } from './database-connection.js';
import { DATABASE_CONNECTION } from './storage.tokens.js';
import { guardAvailability, isForeignKeyViolation, isUniqueViolation } from './storage-errors.js';

export type CommitStatus = 'created' | 'duplicate' | 'conflict';

/**
 * Writes events: the audit record (chained, in pieces) and its normalised rows, for a whole batch at
 * once, in ONE statement: `cim_append_events` (migration 20261202100000) locks the conversations'
 * chain heads, sorts out stored ids, chains and inserts the events and their new parts, then runs
 * the normalised upserts (`cim_upsert_normalised`, generated from NORMALISED_UPSERTS). One statement
 * is atomic without BEGIN/COMMIT, so a batch costs one round trip and its locks are never held across
 * the network. Sent through the driver rather than Prisma's raw layer, which cost twice the CPU.
 */
const APPEND =
  'SELECT event_id, status FROM cim_append_events($1::timestamptz, $2::jsonb, $3::jsonb, $4::jsonb)';

/** Calls lost to a concurrent insert of the same event id before giving up (each settles it). */
const MAX_ID_RACES = 3;
/** Parts (hashes) this process knows are stored: not sent again. A restore makes it stale; see below. */
const KNOWN_PARTS_LIMIT = 50_000;
/** Conversations whose residual template this process keeps. */
const TEMPLATES_LIMIT = 5_000;

/**
 * 'pending': new, but not written because other events of the batch were not new. 'stored': the id
 * is stored with another content hash: the same content in another key order, or a conflict.
 */
type AppendStatus = 'created' | 'duplicate' | 'stored' | 'pending';

/** A conversation's current template: the envelope part events of that shape differ from. */
interface Template {
  hash: string;
  shape: string;
  leaves: unknown[];
  refs: PartRef[];
  content: string;
}

interface EventParam {
  i: string;
  c: string;
  n: string;
  t: string;
  h: string;
  e: string;
  d: string | null;
  m: string | null;
}

interface PartParam {
  h: string;
  s: string | null;
  c: string;
  r: string | null;
}

@Injectable()
export class EventStoreRepository {
  private readonly knownParts = new Set<string>();
  private readonly templates = new Map<string, Template>();

  constructor(
    @Inject(DATABASE_CONNECTION) private readonly database: DatabaseConnection,
    private readonly reader: EventReader,
  ) {}

  async commit(batch: readonly NormalisedEvent[]): Promise<CommitStatus[]> {
    if (batch.length === 0) return [];
    const firstIndexById = new Map<string, number>();
    batch.forEach((n, i) => {
      if (!firstIndexById.has(n.event.id)) firstIndexById.set(n.event.id, i);
    });
    const unique = [...firstIndexById.values()].map((i) => batch[i]);
    const statuses = new Map<string, AppendStatus>();
    let pending = unique;
    // Normalised rows are computed for a whole batch, so the function writes only batches of new
    // events; when some turn out stored already, it writes nothing and the new ones go again.
    // Each pass settles at least one event, so this ends.
    let raced = 0;
    while (pending.length > 0) {
      const answer = await this.appendOnce(pending).catch((error: unknown) => {
        // Another conversation stored one of these ids in the same instant (events_pkey): the next
        // call sees it stored.
        if (!isUniqueViolation(error) || ++raced > MAX_ID_RACES) throw error;
        return null;
      });
      if (answer === null) continue;
      const next: NormalisedEvent[] = [];
      for (const n of pending) {
        const status = answer.get(n.event.id) as AppendStatus;
        if (status === 'pending') next.push(n);
        else statuses.set(n.event.id, status);
      }
      pending = next;
    }
    const stored = await this.storedEvents(
      unique.filter((n) => statuses.get(n.event.id) === 'stored'),
    );
    const judged = (n: NormalisedEvent): CommitStatus => {
      const original = stored.get(n.event.id);
      return original !== undefined && sameContent(original, n.event.payload)
        ? 'duplicate'
        : 'conflict';
    };
    return batch.map((n) => {
      const first = batch[firstIndexById.get(n.event.id) as number];
      const status = statuses.get(n.event.id) as AppendStatus;
      if (status === 'stored') return judged(n);
      if (first === n) return status as CommitStatus;
      // A repeat inside the batch: the first occurrence is what is (now) stored.
      return sameEvent(first, n) ? 'duplicate' : 'conflict';
    });
  }

  /** The stored events behind 'stored' answers, as received (rare: a redelivery in another key order). */
  private async storedEvents(events: NormalisedEvent[]): Promise<Map<string, unknown>> {
    const records = await this.reader.findByIds(events.map((n) => n.event.id));
    return new Map([...records].map(([id, r]) => [id, r.event]));
  }

  /** One call of the append function; when a part the cache said stored is not, again with every part. */
  private async appendOnce(events: NormalisedEvent[]): Promise<Map<string, AppendStatus>> {
    const attempt = async (useCache: boolean) => {
      const { eventParams, partParams } = this.params(events, useCache);
      const answer = await guardAvailability(() =>
        this.database.query<{ event_id: Uint8Array; status: AppendStatus }>(APPEND, [
          new Date().toISOString(),
          JSON.stringify(eventParams),
          JSON.stringify(partParams),
          upsertRowsParam(events),
        ]),
      );
      const byId = new Map(answer.map((r) => [decodeId(r.event_id), r.status]));
      if (answer.every((r) => r.status === 'created')) this.remember(partParams.map((p) => p.h));
      return byId;
    };
    return attempt(true).catch((error: unknown) => {
      if (!isForeignKeyViolation(error)) throw error;
      this.knownParts.clear();
      this.templates.clear();
      return attempt(false);
    });
  }

  /** The events' rows for the function, and the parts among them not known to be stored. */
  private params(events: NormalisedEvent[], useCache: boolean) {
    const parts = new Map<string, PartParam>();
    const addPart = (p: Pick<Part, 'hash' | 'scope' | 'content' | 'refs'>) => {
      const key = bytea(p.hash);
      if ((useCache && this.knownParts.has(key)) || parts.has(key)) return;
      parts.set(key, {
        h: key,
        s: p.scope === '' ? null : byteaId(p.scope),
        c: p.content,
        r: p.refs ? JSON.stringify(p.refs) : null,
      });
    };
    const owners = messageOwners(events);
    const eventParams = events.map((n): EventParam => {
      const { pieces } = n;
      for (const part of pieces.parts) addPart(part);
      const { template, diff } = this.templateFor(n);
      addPart({ hash: template.hash, scope: '', content: template.content, refs: null });
      const piece = pieces.message;
      const ownsRow = piece === null || owners.get(messageKey(n)) === n.event.id;
      return {
        i: byteaId(n.event.id),
        c: byteaId(n.event.conversationId),
        n: n.event.name,
        t: n.event.timestamp.toISOString(),
        h: `\\x${pieces.contentHash.toString('hex')}`,
        e: bytea(template.hash),
        d: diff,
        m: ownsRow ? null : messagePieceJson(piece),
      };
    });
    return { eventParams, partParams: [...parts.values()] };
  }

  /** The conversation's template when this event has its shape (a diff), else a new one from it. */
  private templateFor(n: NormalisedEvent): { template: Template; diff: string | null } {
    const { residual, refs } = n.pieces;
    const { shape, leaves } = shapeOf(residual, refs);
    const conversationId = n.event.conversationId;
    const current = this.templates.get(conversationId);
    if (current && current.shape === shape) {
      const diff = diffFrom(current, leaves, refs);
      return { template: current, diff: diff.length > 0 ? JSON.stringify(diff) : null };
    }
    const envelope: Envelope = { t: residual, r: refs };
    const content = JSON.stringify(envelope);
    const template = { hash: partHash('', content, null), shape, leaves, refs, content };
    if (this.templates.size >= TEMPLATES_LIMIT) {
      const oldest = this.templates.keys().next();
      if (!oldest.done) this.templates.delete(oldest.value);
    }
    this.templates.set(conversationId, template);
    return { template, diff: null };
  }

  private remember(hashes: string[]): void {
    if (this.knownParts.size + hashes.length > KNOWN_PARTS_LIMIT) this.knownParts.clear();
    for (const h of hashes) this.knownParts.add(h);
  }
}

/** Equal content in any key order: the contract's test for a duplicate. */
function sameContent(stored: unknown, received: unknown): boolean {
  return stored !== null && canonicalJson(stored) === canonicalJson(received);
}

function sameEvent(first: NormalisedEvent, received: NormalisedEvent): boolean {
  return (
    first.pieces.contentHash.equals(received.pieces.contentHash) ||
    sameContent(first.event.payload, received.event.payload)
  );
}

function bytea(hex: string): string {
  return `\\x${hex}`;
}

function messageKey(n: NormalisedEvent): string {
  return `${n.event.conversationId}\u0000${n.message?.id ?? ''}`;
}

/**
 * Which event of the batch owns each message row (the earliest carrying its data.id, as the upsert
 * decides): the others keep their message piece in their own row.
 */
function messageOwners(events: readonly NormalisedEvent[]): Map<string, string> {
  const owners = new Map<string, { id: string; row: { timestamp: Date; event_id: string } }>();
  for (const n of events) {
    const row = messageRowOf(n) as { timestamp: Date; event_id: string } | null;
    if (row === null) continue;
    const key = messageKey(n);
    const current = owners.get(key);
    const earlier =
      !current ||
      row.timestamp.getTime() < current.row.timestamp.getTime() ||
      (row.timestamp.getTime() === current.row.timestamp.getTime() &&
        row.event_id < current.row.event_id);
    if (earlier) owners.set(key, { id: n.event.id, row });
  }
  return new Map([...owners].map(([key, owner]) => [key, owner.id]));
}

/** The same JSON as cim_message_piece() builds in SQL. */
function messagePieceJson(piece: NonNullable<NormalisedEvent['pieces']['message']>): string {
  return JSON.stringify({
    id: piece.id,
    sentAt: piece.sentAt,
    text: piece.text,
    encoding: piece.encoding,
    body: piece.body,
    bodyType: piece.bodyType,
  });
}
