import { encodedIdHex } from '../domain/compact-id.js';
import type { NormalisedEvent, SnapshotVersion } from '../ingest/normalised-event.js';

/**
 * One set-based upsert per normalised table. Each takes a JSON array of rows (one parameter,
 * unpacked by jsonb_to_recordset), already reduced to one row per key, because an
 * `ON CONFLICT DO UPDATE` may not touch the same row twice in one statement. Rows are sorted by key
 * so concurrent transactions lock them in the same order and cannot deadlock. Shared reference rows
 * (customers, channels) come last to hold their locks for the shortest time.
 */
export interface NormalisedUpsert {
  table: string;
  rows(n: NormalisedEvent): object[];
  key(row: object): string;
  merge(current: object, next: object): object;
  sql: string;
}

/**
 * Ids travel as bytea literals in the JSON parameter: their compact form (src/domain/compact-id.ts)
 * in hex, which jsonb_to_recordset reads into bytea columns.
 */
export function byteaId(id: string): string;
export function byteaId(id: string | null): string | null;
export function byteaId(id: string | null): string | null {
  return id === null ? null : `\\x${encodedIdHex(id)}`;
}

/**
 * A snapshot's version as the database orders it: event time, then the event id's stored bytes.
 * Both compare as strings: ISO times of years 1 to 9999 have one length, and byteaId's hex orders as
 * the bytes do.
 */
interface Versioned {
  snapshot_at: string;
  snapshot_event_id: string;
}

const newer = (a: Versioned, b: Versioned) =>
  a.snapshot_at !== b.snapshot_at
    ? a.snapshot_at > b.snapshot_at
    : a.snapshot_event_id > b.snapshot_event_id;
const newest = <T extends Versioned>(a: T, b: T): T => (newer(b, a) ? b : a);

/** SQL: the incoming row's snapshot is newer than the stored one (event time, then event id). */
const isNewer = (table: string) =>
  `(EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (${table}.snapshot_at, ${table}.snapshot_event_id)`;

const versionColumns = 'snapshot_at timestamptz, snapshot_event_id bytea';

/** Columns merged whatever the snapshot order: [name, SQL type, SQL expression, JS merge]. */
type MergedColumn = [string, string, string, (a: unknown, b: unknown) => unknown];

function snapshotUpsert(
  table: string,
  key: string[],
  columns: [string, string][],
  rows: NormalisedUpsert['rows'],
  merged: MergedColumn[] = [],
): NormalisedUpsert {
  const names = [
    ...columns.map(([n]) => n),
    ...merged.map(([n]) => n),
    'snapshot_at',
    'snapshot_event_id',
  ];
  const defs = [...columns, ...merged].map(([n, t]) => `${n} ${t}`).join(', ');
  const snapshotColumns = [...columns.map(([n]) => n), 'snapshot_at', 'snapshot_event_id'].filter(
    (n) => !key.includes(n),
  );
  const conflict =
    merged.length === 0
      ? `DO UPDATE SET ${snapshotColumns.map((n) => `${n} = EXCLUDED.${n}`).join(', ')} WHERE ${isNewer(table)}`
      : `DO UPDATE SET ${[
          ...snapshotColumns.map(
            (n) => `${n} = CASE WHEN ${isNewer(table)} THEN EXCLUDED.${n} ELSE ${table}.${n} END`,
          ),
          ...merged.map(([n, , expr]) => `${n} = ${expr}`),
        ].join(', ')}`;
  return {
    table,
    rows,
    key: (row) => key.map((k) => String((row as Record<string, unknown>)[k])).join('\u0000'),
    merge: (a, b) => {
      const top = { ...newest(a as Versioned, b as Versioned) } as Record<string, unknown>;
      for (const [n, , , fn] of merged)
        top[n] = fn((a as Record<string, unknown>)[n], (b as Record<string, unknown>)[n]);
      return top;
    },
    sql: `INSERT INTO ${table} (${names.join(', ')})
      SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${defs}, ${versionColumns}) ORDER BY ${key.join(', ')}
      ON CONFLICT (${key.join(', ')}) ${conflict}`,
  };
}

const minDate = (a: unknown, b: unknown) =>
  a == null ? b : b == null ? a : (a as Date) < (b as Date) ? a : b;
const maxDate = (a: unknown, b: unknown) =>
  a == null ? b : b == null ? a : (a as Date) > (b as Date) ? a : b;

const version = (v: SnapshotVersion): Versioned => ({
  snapshot_at: v.at.toISOString(),
  snapshot_event_id: byteaId(v.eventId),
});

const conversations: NormalisedUpsert = {
  table: 'conversations',
  rows: (n) => [
    {
      id: byteaId(n.conversation.id),
      first: n.event.timestamp,
      last: n.event.timestamp,
      count: 1,
      customer_id: byteaId(n.conversation.customerId),
      channel_id: byteaId(n.conversation.channelId),
      ...version(n.conversation),
    },
  ],
  key: (row) => (row as { id: string }).id,
  merge: (a, b) => {
    const x = a as ConversationInput;
    const y = b as ConversationInput;
    const top = newest(x, y);
    const other = top === x ? y : x;
    return {
      ...top,
      first: x.first < y.first ? x.first : y.first,
      last: x.last > y.last ? x.last : y.last,
      count: x.count + y.count,
      customer_id: top.customer_id ?? other.customer_id,
      channel_id: top.channel_id ?? other.channel_id,
    };
  },
  sql: `INSERT INTO conversations (id, first_event_at, last_event_at, event_count, customer_id, channel_id, snapshot_at, snapshot_event_id)
    SELECT id, first, last, count, customer_id, channel_id, snapshot_at, snapshot_event_id
    FROM jsonb_to_recordset($1::jsonb) AS x(id bytea, first timestamptz, last timestamptz, count int, customer_id bytea, channel_id bytea, ${versionColumns})
    ORDER BY id
    ON CONFLICT (id) DO UPDATE SET
      first_event_at = LEAST(conversations.first_event_at, EXCLUDED.first_event_at),
      last_event_at = GREATEST(conversations.last_event_at, EXCLUDED.last_event_at),
      event_count = conversations.event_count + EXCLUDED.event_count,
      customer_id = CASE WHEN ${isNewer('conversations')} THEN COALESCE(EXCLUDED.customer_id, conversations.customer_id) ELSE COALESCE(conversations.customer_id, EXCLUDED.customer_id) END,
      channel_id = CASE WHEN ${isNewer('conversations')} THEN COALESCE(EXCLUDED.channel_id, conversations.channel_id) ELSE COALESCE(conversations.channel_id, EXCLUDED.channel_id) END,
      snapshot_at = GREATEST(conversations.snapshot_at, EXCLUDED.snapshot_at),
      snapshot_event_id = CASE WHEN ${isNewer('conversations')} THEN EXCLUDED.snapshot_event_id ELSE conversations.snapshot_event_id END`,
};

interface ConversationInput extends Versioned {
  first: Date;
  last: Date;
  count: number;
  customer_id: string | null;
  channel_id: string | null;
}

/** The message's columns; event_id to body_type and the message piece move together with the event. */
const MESSAGE_COLUMNS: [string, string][] = [
  ['event_id', 'bytea'],
  ['event_name', 'text'],
  ['"timestamp"', 'timestamptz'],
  ['sent_at', 'timestamptz'],
  ['sender_id', 'bytea'],
  ['sender_type', 'text'],
  ['body_type', 'text'],
  ['text', 'text'],
  ['body', 'text'],
  ['markdown_text_encoding', 'text'],
  ['channel_session_id', 'bytea'],
];

/** The same `data.id` in several events is one message: the earliest event (time, then id) describes it. */
const earlierMessage = `(EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id)`;

/**
 * A message's row: what the transcript reads, and the event's message piece (its text, the body
 * without what the text gives back, the send time), which lives only here (src/domain/audit).
 */
export function messageRowOf(n: NormalisedEvent): object | null {
  const m = n.message;
  const piece = n.pieces.message;
  if (!m || !piece) return null;
  return {
    conversation_id: byteaId(m.conversationId),
    id: byteaId(m.id),
    visibility: m.visibility,
    event_id: byteaId(m.eventId),
    event_name: m.eventName,
    timestamp: m.timestamp,
    sent_at: m.sentAt,
    sender_id: byteaId(m.senderId),
    sender_type: m.senderType,
    body_type: m.bodyType,
    text: m.text,
    body: piece.body,
    markdown_text_encoding: piece.encoding,
    channel_session_id: byteaId(m.channelSessionId),
  };
}

const messages: NormalisedUpsert = {
  table: 'messages',
  rows: (n) => {
    const row = messageRowOf(n);
    return row ? [row] : [];
  },
  key: (row) => {
    const r = row as { conversation_id: string; id: string };
    return `${r.conversation_id}\u0000${r.id}`;
  },
  merge: (a, b) => {
    const x = a as MessageInput;
    const y = b as MessageInput;
    const first = newer(
      { snapshot_at: x.timestamp.toISOString(), snapshot_event_id: x.event_id },
      { snapshot_at: y.timestamp.toISOString(), snapshot_event_id: y.event_id },
    )
      ? y
      : x;
    // Fail-closed: if any event carrying this message says agents-only, it is agents-only.
    const visibility =
      x.visibility === 'AGENTS_ONLY' || y.visibility === 'AGENTS_ONLY'
        ? 'AGENTS_ONLY'
        : first.visibility;
    return { ...first, visibility };
  },
  sql: `INSERT INTO messages (conversation_id, id, visibility, ${MESSAGE_COLUMNS.map(([n]) => n).join(', ')})
    SELECT conversation_id, id, visibility::"Visibility", ${MESSAGE_COLUMNS.map(([n]) => n).join(', ')}
    FROM jsonb_to_recordset($1::jsonb) AS x(conversation_id bytea, id bytea, visibility text, ${MESSAGE_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})
    ORDER BY conversation_id, id
    ON CONFLICT (conversation_id, id) DO UPDATE SET
      ${MESSAGE_COLUMNS.map(([n]) => `${n} = CASE WHEN ${earlierMessage} THEN EXCLUDED.${n} ELSE messages.${n} END`).join(',\n      ')},
      visibility = CASE WHEN messages.visibility = 'AGENTS_ONLY' OR EXCLUDED.visibility = 'AGENTS_ONLY'
                        THEN 'AGENTS_ONLY'::"Visibility" ELSE 'CUSTOMER_VISIBLE'::"Visibility" END
    WHERE ${earlierMessage} OR (EXCLUDED.visibility = 'AGENTS_ONLY' AND messages.visibility <> 'AGENTS_ONLY')`,
};

interface MessageInput {
  timestamp: Date;
  event_id: string;
  visibility: 'AGENTS_ONLY' | 'CUSTOMER_VISIBLE';
}

const channelSessions = snapshotUpsert(
  'channel_sessions',
  ['conversation_id', 'id'],
  [
    ['conversation_id', 'bytea'],
    ['id', 'bytea'],
    ['channel_id', 'bytea'],
    ['customer_id', 'bytea'],
    ['state', 'text'],
    ['reason_code', 'text'],
    ['direction', 'text'],
    ['active', 'boolean'],
  ],
  (n) => {
    const s = n.channelSession;
    return s
      ? [
          {
            conversation_id: byteaId(s.conversationId),
            id: byteaId(s.id),
            channel_id: byteaId(s.channelId),
            customer_id: byteaId(s.customerId),
            state: s.state,
            reason_code: s.reasonCode,
            direction: s.direction,
            active: s.active,
            started_at: s.startedAt,
            ended_at: s.endedAt,
            ...version(s),
          },
        ]
      : [];
  },
  [
    [
      'started_at',
      'timestamptz',
      'LEAST(channel_sessions.started_at, EXCLUDED.started_at)',
      minDate,
    ],
    ['ended_at', 'timestamptz', 'GREATEST(channel_sessions.ended_at, EXCLUDED.ended_at)', maxDate],
  ],
);

const messageStatuses = snapshotUpsert(
  'message_statuses',
  ['conversation_id', 'message_id'],
  [
    ['conversation_id', 'bytea'],
    ['message_id', 'bytea'],
    ['status', 'text'],
  ],
  (n) => {
    const m = n.messageStatus;
    return m
      ? [
          {
            conversation_id: byteaId(m.conversationId),
            message_id: byteaId(m.messageId),
            status: m.status,
            ...version(m),
          },
        ]
      : [];
  },
);

const ACTIVITY_COLUMNS: [string, string][] = [
  ['conversation_id', 'bytea'],
  ['event_id', 'bytea'],
  ['event_name', 'text'],
  ['type', 'text'],
  ['"timestamp"', 'timestamptz'],
  ['participant_id', 'bytea'],
  ['participant_type', 'text'],
  ['participant_name', 'text'],
  ['role', 'text'],
  ['previous_role', 'text'],
  ['state', 'text'],
  ['reason', 'text'],
  ['details', 'jsonb'],
];

/** Activities are facts of one event each: inserted once, never updated. */
const activities: NormalisedUpsert = {
  table: 'activities',
  rows: (n) => {
    const a = n.activity;
    return a
      ? [
          {
            conversation_id: byteaId(a.conversationId),
            event_id: byteaId(a.eventId),
            event_name: a.eventName,
            type: a.type,
            timestamp: a.timestamp,
            participant_id: byteaId(a.participantId),
            participant_type: a.participantType,
            participant_name: a.participantName,
            role: a.role,
            previous_role: a.previousRole,
            state: a.state,
            reason: a.reason,
            details: a.details ?? null,
          },
        ]
      : [];
  },
  key: (row) => {
    const r = row as { conversation_id: string; event_id: string };
    return `${r.conversation_id}\u0000${r.event_id}`;
  },
  merge: (a) => a,
  sql: `INSERT INTO activities (${ACTIVITY_COLUMNS.map(([n]) => n).join(', ')})
    SELECT ${ACTIVITY_COLUMNS.map(([n]) => n).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${ACTIVITY_COLUMNS.map(([n, t]) => `${n} ${t}`).join(', ')})
    ORDER BY conversation_id, event_id
    ON CONFLICT DO NOTHING`,
};

const participants = snapshotUpsert(
  'participants',
  ['conversation_id', 'id'],
  [
    ['conversation_id', 'bytea'],
    ['id', 'bytea'],
    ['type', 'text'],
    ['name', 'text'],
  ],
  (n) =>
    n.participants.map((p) => ({
      conversation_id: byteaId(p.conversationId),
      id: byteaId(p.id),
      type: p.type,
      name: p.name,
      ...version(p),
    })),
);

const customers = snapshotUpsert(
  'customers',
  ['id'],
  [
    ['id', 'bytea'],
    ['first_name', 'text'],
    ['last_name', 'text'],
    ['is_anonymous', 'boolean'],
  ],
  (n) => {
    const c = n.customer;
    return c
      ? [
          {
            id: byteaId(c.id),
            first_name: c.firstName,
            last_name: c.lastName,
            is_anonymous: c.isAnonymous,
            ...version(c),
          },
        ]
      : [];
  },
);

const channelSnapshot = snapshotUpsert(
  'channels',
  ['id'],
  [
    ['id', 'bytea'],
    ['name', 'text'],
    ['service_identifier', 'text'],
    ['channel_type', 'text'],
  ],
  (n) => {
    const c = n.channel;
    return c
      ? [
          {
            id: byteaId(c.id),
            name: c.name,
            service_identifier: c.serviceIdentifier,
            channel_type: c.channelType,
            ...version(c),
          },
        ]
      : [];
  },
);

/**
 * A channel is shared by every conversation on it, so locking its row in each transaction (as an
 * upsert does, even when it changes nothing) would serialise all ingestion per channel. Instead:
 * insert when new, and update only when the content differs and the event is newer; an UPDATE locks
 * only the rows it changes. Trade-off: a version is not advanced when the content is unchanged, so
 * if a channel's attributes change and change back while its events arrive out of order, the
 * stored attributes can be those of an older event. Channel sessions and customers keep exact
 * newest-event semantics.
 */
const channels: NormalisedUpsert = {
  ...channelSnapshot,
  sql: `WITH x AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb)
        AS x(id bytea, name text, service_identifier text, channel_type text, ${versionColumns})
    ), inserted AS (
      INSERT INTO channels (id, name, service_identifier, channel_type, snapshot_at, snapshot_event_id)
      SELECT id, name, service_identifier, channel_type, snapshot_at, snapshot_event_id FROM x ORDER BY id
      ON CONFLICT DO NOTHING
    )
    UPDATE channels SET name = x.name, service_identifier = x.service_identifier, channel_type = x.channel_type,
      snapshot_at = x.snapshot_at, snapshot_event_id = x.snapshot_event_id
    FROM x
    WHERE channels.id = x.id
      AND (x.snapshot_at, x.snapshot_event_id) > (channels.snapshot_at, channels.snapshot_event_id)
      AND (channels.name, channels.service_identifier, channels.channel_type)
          IS DISTINCT FROM (x.name, x.service_identifier, x.channel_type)`,
};

/** Rows of one conversation: the caller holds that conversation's chain lock, so no contention. */
const CONVERSATION_UPSERTS: readonly NormalisedUpsert[] = [
  conversations,
  channelSessions,
  participants,
  messages,
  messageStatuses,
  activities,
];

/**
 * Rows shared across conversations, written one statement each and in this order after everything
 * else, so every transaction takes their locks in the same order (no deadlock) and holds them
 * briefly.
 */
const SHARED_UPSERTS: readonly NormalisedUpsert[] = [customers, channels];

/** Every upsert, in the order they run: a conversation's rows, then shared rows. */
export const NORMALISED_UPSERTS: readonly NormalisedUpsert[] = [
  ...CONVERSATION_UPSERTS,
  ...SHARED_UPSERTS,
];

/**
 * The SQL function that runs every upsert, each on its element of one JSON array of row arrays
 * (`p_rows -> i` for NORMALISED_UPSERTS[i]). The statements are static in the function, so
 * PostgreSQL parses and plans them once per connection instead of once per call (they used to be
 * sent as text and EXECUTEd: 11 KB on the wire and eight parses per call). Migration
 * 20261126010000 holds this text; a test compares the migrated function's body with
 * upsertFunctionBody(), so changing an upsert here needs a migration with the new upsertFunctionSql()
 * (`npm run db:print-upserts` prints it).
 */
export function upsertFunctionSql(): string {
  return (
    'CREATE OR REPLACE FUNCTION cim_upsert_normalised(p_rows jsonb) RETURNS void LANGUAGE plpgsql AS $fn$' +
    upsertFunctionBody() +
    '$fn$;\n'
  );
}

/** The function's body as PostgreSQL stores it (pg_proc.prosrc). */
export function upsertFunctionBody(): string {
  const steps = NORMALISED_UPSERTS.map(
    (u, i) =>
      `  -- ${u.table}\n  IF jsonb_array_length(p_rows -> ${i}) > 0 THEN\n    ` +
      `${u.sql.replaceAll('$1::jsonb', `(p_rows -> ${i})`)};\n  END IF;\n`,
  );
  return `\n#variable_conflict use_column\nBEGIN\n${steps.join('')}END\n`;
}

/** The rows of `created` for one table, one per key (merged), ready to serialise as the statement's parameter. */
export function reduceForUpsert(
  upsert: NormalisedUpsert,
  created: readonly NormalisedEvent[],
): object[] {
  const byKey = new Map<string, object>();
  for (const n of created) {
    for (const row of upsert.rows(n)) {
      const key = upsert.key(row);
      const current = byKey.get(key);
      byKey.set(key, current ? upsert.merge(current, row) : row);
    }
  }
  return [...byKey.values()];
}

/** The function's parameter: element i is the rows of NORMALISED_UPSERTS[i] for these events. */
export function upsertRowsParam(events: readonly NormalisedEvent[]): string {
  return JSON.stringify(NORMALISED_UPSERTS.map((u) => reduceForUpsert(u, events)));
}
