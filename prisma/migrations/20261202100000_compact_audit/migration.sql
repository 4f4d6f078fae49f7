-- Audit format 2 and compact ids (src/domain/audit, src/domain/compact-id.ts).
--
-- 1. Every id column becomes bytea in its smallest exact form (cim_id below): UUIDs 16 bytes,
--    ObjectIds 12, anything else its UTF-8 with a tag byte.
-- 2. Events are stored in pieces: identity in `events`, the message piece in `messages` (once), the
--    repeated parts in `parts` (once), the residual as a template part plus the event's differences.
--    Each piece is hashed as stored and the event's content hash covers the piece hashes, so a piece
--    can be erased while the chain still verifies. The chain links events by prev_id (no per-event
--    sequence and index) and its hashes are bytea.
-- 3. Events stored before this migration keep their format (format 1): their payload, parts and
--    canonical-JSON content hash are moved as they are (legacy_*), and verify as before.
-- 4. Indexes no query uses go (events (name, timestamp), events (conversation_id, id)), and the
--    conversations' activity index is by hour (last_event_hour), so the update every event makes to
--    its conversation is HOT instead of adding an entry to four indexes.

CREATE FUNCTION cim_id(t text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN t ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN decode(replace(t, '-', ''), 'hex')
    WHEN t ~ '^[0-9a-f]{24}$' THEN decode(t, 'hex')
    WHEN octet_length(t) IN (11, 15) THEN '\xff'::bytea || convert_to(t, 'UTF8') || '\x00'::bytea
    ELSE '\xff'::bytea || convert_to(t, 'UTF8')
  END
$$;

CREATE FUNCTION cim_id_text(b bytea) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE length(b)
    WHEN 16 THEN regexp_replace(encode(b, 'hex'), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\1-\2-\3-\4-\5')
    WHEN 12 THEN encode(b, 'hex')
    ELSE convert_from(substring(b FROM 2 FOR length(b) - 1 - (get_byte(b, length(b) - 1) = 0)::int), 'UTF8')
  END
$$;

-- Hours since the epoch. extract() on a timestamptz is only STABLE (other fields depend on the time
-- zone); the epoch does not, so this is IMMUTABLE and can feed a generated column.
CREATE FUNCTION cim_epoch_hour(t timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT floor(extract(epoch FROM t) / 3600)::integer
$$;

DROP FUNCTION "cim_append_events"(text, jsonb, jsonb, jsonb);
DROP FUNCTION "cim_upsert_normalised"(jsonb);

-- The audit log -------------------------------------------------------------------------------------
ALTER TABLE "events" DROP CONSTRAINT "events_parts_ref_fkey";
ALTER TABLE "payload_parts" RENAME TO "legacy_payload_parts";
ALTER TABLE "legacy_payload_parts" RENAME CONSTRAINT "payload_parts_pkey" TO "legacy_payload_parts_pkey";
ALTER TABLE "events" RENAME TO "events_v1";
ALTER TABLE "events_v1" RENAME CONSTRAINT "events_pkey" TO "events_v1_pkey";
DROP INDEX "events_id_key";
DROP INDEX "events_name_timestamp_idx";
ALTER TABLE "audit_chains" RENAME TO "audit_chains_v1";
ALTER TABLE "audit_chains_v1" RENAME CONSTRAINT "audit_chains_pkey" TO "audit_chains_v1_pkey";

CREATE TABLE "events" (
    "id" BYTEA NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "format" SMALLINT NOT NULL,
    "legacy_seq" INTEGER,
    "conversation_id" BYTEA NOT NULL,
    "prev_id" BYTEA,
    "name" TEXT NOT NULL,
    "chain" BYTEA NOT NULL,
    "envelope" BYTEA,
    "diff" TEXT,
    "message" TEXT,
    "legacy_content_hash" BYTEA,
    "legacy_payload" JSONB,
    "legacy_parts_ref" TEXT,
    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

INSERT INTO "events" (id, "timestamp", received_at, format, legacy_seq, conversation_id, prev_id, name,
                      chain, legacy_content_hash, legacy_payload, legacy_parts_ref)
SELECT cim_id(e.id), e."timestamp", e.received_at, 1, e.seq, cim_id(e.conversation_id),
       cim_id(lag(e.id) OVER (PARTITION BY e.conversation_id ORDER BY e.seq)), e.name,
       decode(e.chain_hash, 'hex'), decode(e.content_hash, 'hex'), e.payload, e.parts_ref
FROM "events_v1" e;

CREATE TABLE "parts" (
    "hash" BYTEA NOT NULL,
    "scope" BYTEA,
    "content" TEXT,
    "refs" TEXT,
    CONSTRAINT "parts_pkey" PRIMARY KEY ("hash")
);
CREATE INDEX "parts_scope_idx" ON "parts"("scope");

CREATE TABLE "audit_chains" (
    "conversation_id" BYTEA NOT NULL,
    "head_id" BYTEA,
    "head" BYTEA NOT NULL,
    "events" INTEGER NOT NULL,
    CONSTRAINT "audit_chains_pkey" PRIMARY KEY ("conversation_id")
) WITH (fillfactor = 70);

INSERT INTO "audit_chains" (conversation_id, head_id, head, events)
SELECT cim_id(a.conversation_id),
       (SELECT cim_id(e.id) FROM "events_v1" e WHERE e.conversation_id = a.conversation_id AND e.seq = a.seq),
       decode(a.head, 'hex'), a.seq
FROM "audit_chains_v1" a;

DROP TABLE "events_v1";
DROP TABLE "audit_chains_v1";

-- Normalised tables: the same rows, ids compact ------------------------------------------------------
ALTER TABLE "conversations" RENAME TO "conversations_v1";
ALTER TABLE "conversations_v1" RENAME CONSTRAINT "conversations_pkey" TO "conversations_v1_pkey";
DROP INDEX "conversations_last_event_at_idx";
DROP INDEX "conversations_created_at_id_idx";
DROP INDEX "conversations_channel_id_last_event_at_idx";
DROP INDEX "conversations_customer_id_last_event_at_idx";
CREATE TABLE "conversations" (
    "id" BYTEA NOT NULL,
    "first_event_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_hour" INTEGER NOT NULL GENERATED ALWAYS AS (cim_epoch_hour("last_event_at")) STORED,
    "customer_id" BYTEA,
    "channel_id" BYTEA,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" BYTEA NOT NULL,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
) WITH (fillfactor = 70);
INSERT INTO "conversations" (id, first_event_at, last_event_at, customer_id, channel_id, snapshot_at, snapshot_event_id, event_count, created_at)
SELECT cim_id(id), first_event_at, last_event_at, cim_id(customer_id), cim_id(channel_id), snapshot_at, cim_id(snapshot_event_id), event_count, created_at
FROM "conversations_v1";
DROP TABLE "conversations_v1";
CREATE INDEX "conversations_last_event_hour_idx" ON "conversations"("last_event_hour");
CREATE INDEX "conversations_created_at_id_idx" ON "conversations"("created_at", "id");
CREATE INDEX "conversations_channel_id_last_event_hour_idx" ON "conversations"("channel_id", "last_event_hour");
CREATE INDEX "conversations_customer_id_last_event_hour_idx" ON "conversations"("customer_id", "last_event_hour");

ALTER TABLE "channels" RENAME TO "channels_v1";
ALTER TABLE "channels_v1" RENAME CONSTRAINT "channels_pkey" TO "channels_v1_pkey";
CREATE TABLE "channels" (
    "id" BYTEA NOT NULL,
    "name" TEXT,
    "service_identifier" TEXT,
    "channel_type" TEXT,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" BYTEA NOT NULL,
    CONSTRAINT "channels_pkey" PRIMARY KEY ("id")
);
INSERT INTO "channels" SELECT cim_id(id), name, service_identifier, channel_type, snapshot_at, cim_id(snapshot_event_id) FROM "channels_v1";
DROP TABLE "channels_v1";

ALTER TABLE "customers" RENAME TO "customers_v1";
ALTER TABLE "customers_v1" RENAME CONSTRAINT "customers_pkey" TO "customers_v1_pkey";
CREATE TABLE "customers" (
    "id" BYTEA NOT NULL,
    "first_name" TEXT,
    "last_name" TEXT,
    "is_anonymous" BOOLEAN,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" BYTEA NOT NULL,
    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
) WITH (fillfactor = 80);
INSERT INTO "customers" SELECT cim_id(id), first_name, last_name, is_anonymous, snapshot_at, cim_id(snapshot_event_id) FROM "customers_v1";
DROP TABLE "customers_v1";

ALTER TABLE "channel_sessions" RENAME TO "channel_sessions_v1";
ALTER TABLE "channel_sessions_v1" RENAME CONSTRAINT "channel_sessions_pkey" TO "channel_sessions_v1_pkey";
CREATE TABLE "channel_sessions" (
    "conversation_id" BYTEA NOT NULL,
    "id" BYTEA NOT NULL,
    "channel_id" BYTEA,
    "customer_id" BYTEA,
    "state" TEXT,
    "reason_code" TEXT,
    "direction" TEXT,
    "active" BOOLEAN,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" BYTEA NOT NULL,
    CONSTRAINT "channel_sessions_pkey" PRIMARY KEY ("conversation_id", "id")
) WITH (fillfactor = 80);
INSERT INTO "channel_sessions"
SELECT cim_id(conversation_id), cim_id(id), cim_id(channel_id), cim_id(customer_id), state, reason_code, direction, active,
       started_at, ended_at, snapshot_at, cim_id(snapshot_event_id)
FROM "channel_sessions_v1";
DROP TABLE "channel_sessions_v1";

ALTER TABLE "participants" RENAME TO "participants_v1";
ALTER TABLE "participants_v1" RENAME CONSTRAINT "participants_pkey" TO "participants_v1_pkey";
CREATE TABLE "participants" (
    "conversation_id" BYTEA NOT NULL,
    "id" BYTEA NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" BYTEA NOT NULL,
    CONSTRAINT "participants_pkey" PRIMARY KEY ("conversation_id", "id")
) WITH (fillfactor = 80);
INSERT INTO "participants" SELECT cim_id(conversation_id), cim_id(id), type, name, snapshot_at, cim_id(snapshot_event_id) FROM "participants_v1";
DROP TABLE "participants_v1";

ALTER TABLE "message_statuses" RENAME TO "message_statuses_v1";
ALTER TABLE "message_statuses_v1" RENAME CONSTRAINT "message_statuses_pkey" TO "message_statuses_v1_pkey";
CREATE TABLE "message_statuses" (
    "conversation_id" BYTEA NOT NULL,
    "message_id" BYTEA NOT NULL,
    "status" TEXT NOT NULL,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" BYTEA NOT NULL,
    CONSTRAINT "message_statuses_pkey" PRIMARY KEY ("conversation_id", "message_id")
);
INSERT INTO "message_statuses" SELECT cim_id(conversation_id), cim_id(message_id), status, snapshot_at, cim_id(snapshot_event_id) FROM "message_statuses_v1";
DROP TABLE "message_statuses_v1";

ALTER TABLE "activities" RENAME TO "activities_v1";
ALTER TABLE "activities_v1" RENAME CONSTRAINT "activities_pkey" TO "activities_v1_pkey";
DROP INDEX "activities_conversation_id_timestamp_event_id_idx";
CREATE TABLE "activities" (
    "conversation_id" BYTEA NOT NULL,
    "event_id" BYTEA NOT NULL,
    "event_name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "participant_id" BYTEA,
    "participant_type" TEXT,
    "participant_name" TEXT,
    "role" TEXT,
    "previous_role" TEXT,
    "state" TEXT,
    "reason" TEXT,
    "details" JSONB,
    CONSTRAINT "activities_pkey" PRIMARY KEY ("conversation_id", "event_id")
);
INSERT INTO "activities"
SELECT cim_id(conversation_id), cim_id(event_id), event_name, type, "timestamp", cim_id(participant_id), participant_type,
       participant_name, role, previous_role, state, reason, details
FROM "activities_v1";
DROP TABLE "activities_v1";
CREATE INDEX "activities_conversation_id_timestamp_event_id_idx" ON "activities"("conversation_id", "timestamp", "event_id");

-- Messages of format-1 events: their events keep the whole payload, so the body is only read here.
ALTER TABLE "messages" RENAME TO "messages_v1";
ALTER TABLE "messages_v1" RENAME CONSTRAINT "messages_pkey" TO "messages_v1_pkey";
DROP INDEX "messages_conversation_id_timestamp_event_id_idx";
DROP INDEX "messages_timestamp_idx";
DROP INDEX "messages_sender_id_conversation_id_idx";
CREATE TABLE "messages" (
    "conversation_id" BYTEA NOT NULL,
    "id" BYTEA NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "event_id" BYTEA NOT NULL,
    "event_name" TEXT NOT NULL,
    "sender_id" BYTEA NOT NULL,
    "sender_type" TEXT NOT NULL,
    "body_type" TEXT NOT NULL,
    "visibility" "Visibility" NOT NULL,
    "channel_session_id" BYTEA,
    "text" TEXT,
    "body" TEXT,
    "markdown_text_encoding" TEXT,
    CONSTRAINT "messages_pkey" PRIMARY KEY ("conversation_id", "id")
);
INSERT INTO "messages"
SELECT cim_id(conversation_id), cim_id(id), "timestamp", sent_at, cim_id(event_id), event_name, cim_id(sender_id), sender_type,
       body_type, visibility, cim_id(channel_session_id), text,
       CASE WHEN body = jsonb_build_object('type', body_type) THEN NULL ELSE body::text END, markdown_text_encoding
FROM "messages_v1";
DROP TABLE "messages_v1";
CREATE INDEX "messages_conversation_id_timestamp_event_id_idx" ON "messages"("conversation_id", "timestamp", "event_id");
CREATE INDEX "messages_timestamp_idx" ON "messages"("timestamp");
CREATE INDEX "messages_sender_id_conversation_id_idx" ON "messages"("sender_id", "conversation_id");

-- The normalised upserts, generated by upsertFunctionSql() in src/storage/normalised-upserts.ts.
CREATE OR REPLACE FUNCTION cim_upsert_normalised(p_rows jsonb) RETURNS void LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  -- conversations
  IF jsonb_array_length(p_rows -> 0) > 0 THEN
    INSERT INTO conversations (id, first_event_at, last_event_at, event_count, customer_id, channel_id, snapshot_at, snapshot_event_id)
    SELECT id, first, last, count, customer_id, channel_id, snapshot_at, snapshot_event_id
    FROM jsonb_to_recordset((p_rows -> 0)) AS x(id bytea, first timestamptz, last timestamptz, count int, customer_id bytea, channel_id bytea, snapshot_at timestamptz, snapshot_event_id bytea)
    ORDER BY id
    ON CONFLICT (id) DO UPDATE SET
      first_event_at = LEAST(conversations.first_event_at, EXCLUDED.first_event_at),
      last_event_at = GREATEST(conversations.last_event_at, EXCLUDED.last_event_at),
      event_count = conversations.event_count + EXCLUDED.event_count,
      customer_id = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (conversations.snapshot_at, conversations.snapshot_event_id) THEN COALESCE(EXCLUDED.customer_id, conversations.customer_id) ELSE COALESCE(conversations.customer_id, EXCLUDED.customer_id) END,
      channel_id = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (conversations.snapshot_at, conversations.snapshot_event_id) THEN COALESCE(EXCLUDED.channel_id, conversations.channel_id) ELSE COALESCE(conversations.channel_id, EXCLUDED.channel_id) END,
      snapshot_at = GREATEST(conversations.snapshot_at, EXCLUDED.snapshot_at),
      snapshot_event_id = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (conversations.snapshot_at, conversations.snapshot_event_id) THEN EXCLUDED.snapshot_event_id ELSE conversations.snapshot_event_id END;
  END IF;
  -- channel_sessions
  IF jsonb_array_length(p_rows -> 1) > 0 THEN
    INSERT INTO channel_sessions (conversation_id, id, channel_id, customer_id, state, reason_code, direction, active, started_at, ended_at, snapshot_at, snapshot_event_id)
      SELECT conversation_id, id, channel_id, customer_id, state, reason_code, direction, active, started_at, ended_at, snapshot_at, snapshot_event_id FROM jsonb_to_recordset((p_rows -> 1)) AS x(conversation_id bytea, id bytea, channel_id bytea, customer_id bytea, state text, reason_code text, direction text, active boolean, started_at timestamptz, ended_at timestamptz, snapshot_at timestamptz, snapshot_event_id bytea) ORDER BY conversation_id, id
      ON CONFLICT (conversation_id, id) DO UPDATE SET channel_id = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (channel_sessions.snapshot_at, channel_sessions.snapshot_event_id) THEN EXCLUDED.channel_id ELSE channel_sessions.channel_id END, customer_id = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (channel_sessions.snapshot_at, channel_sessions.snapshot_event_id) THEN EXCLUDED.customer_id ELSE channel_sessions.customer_id END, state = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (channel_sessions.snapshot_at, channel_sessions.snapshot_event_id) THEN EXCLUDED.state ELSE channel_sessions.state END, reason_code = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (channel_sessions.snapshot_at, channel_sessions.snapshot_event_id) THEN EXCLUDED.reason_code ELSE channel_sessions.reason_code END, direction = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (channel_sessions.snapshot_at, channel_sessions.snapshot_event_id) THEN EXCLUDED.direction ELSE channel_sessions.direction END, active = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (channel_sessions.snapshot_at, channel_sessions.snapshot_event_id) THEN EXCLUDED.active ELSE channel_sessions.active END, snapshot_at = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (channel_sessions.snapshot_at, channel_sessions.snapshot_event_id) THEN EXCLUDED.snapshot_at ELSE channel_sessions.snapshot_at END, snapshot_event_id = CASE WHEN (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (channel_sessions.snapshot_at, channel_sessions.snapshot_event_id) THEN EXCLUDED.snapshot_event_id ELSE channel_sessions.snapshot_event_id END, started_at = LEAST(channel_sessions.started_at, EXCLUDED.started_at), ended_at = GREATEST(channel_sessions.ended_at, EXCLUDED.ended_at);
  END IF;
  -- participants
  IF jsonb_array_length(p_rows -> 2) > 0 THEN
    INSERT INTO participants (conversation_id, id, type, name, snapshot_at, snapshot_event_id)
      SELECT conversation_id, id, type, name, snapshot_at, snapshot_event_id FROM jsonb_to_recordset((p_rows -> 2)) AS x(conversation_id bytea, id bytea, type text, name text, snapshot_at timestamptz, snapshot_event_id bytea) ORDER BY conversation_id, id
      ON CONFLICT (conversation_id, id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, snapshot_at = EXCLUDED.snapshot_at, snapshot_event_id = EXCLUDED.snapshot_event_id WHERE (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (participants.snapshot_at, participants.snapshot_event_id);
  END IF;
  -- messages
  IF jsonb_array_length(p_rows -> 3) > 0 THEN
    INSERT INTO messages (conversation_id, id, visibility, event_id, event_name, "timestamp", sent_at, sender_id, sender_type, body_type, text, body, markdown_text_encoding, channel_session_id)
    SELECT conversation_id, id, visibility::"Visibility", event_id, event_name, "timestamp", sent_at, sender_id, sender_type, body_type, text, body, markdown_text_encoding, channel_session_id
    FROM jsonb_to_recordset((p_rows -> 3)) AS x(conversation_id bytea, id bytea, visibility text, event_id bytea, event_name text, "timestamp" timestamptz, sent_at timestamptz, sender_id bytea, sender_type text, body_type text, text text, body text, markdown_text_encoding text, channel_session_id bytea)
    ORDER BY conversation_id, id
    ON CONFLICT (conversation_id, id) DO UPDATE SET
      event_id = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.event_id ELSE messages.event_id END,
      event_name = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.event_name ELSE messages.event_name END,
      "timestamp" = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED."timestamp" ELSE messages."timestamp" END,
      sent_at = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.sent_at ELSE messages.sent_at END,
      sender_id = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.sender_id ELSE messages.sender_id END,
      sender_type = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.sender_type ELSE messages.sender_type END,
      body_type = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.body_type ELSE messages.body_type END,
      text = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.text ELSE messages.text END,
      body = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.body ELSE messages.body END,
      markdown_text_encoding = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.markdown_text_encoding ELSE messages.markdown_text_encoding END,
      channel_session_id = CASE WHEN (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) THEN EXCLUDED.channel_session_id ELSE messages.channel_session_id END,
      visibility = CASE WHEN messages.visibility = 'AGENTS_ONLY' OR EXCLUDED.visibility = 'AGENTS_ONLY'
                        THEN 'AGENTS_ONLY'::"Visibility" ELSE 'CUSTOMER_VISIBLE'::"Visibility" END
    WHERE (EXCLUDED."timestamp", EXCLUDED.event_id) < (messages."timestamp", messages.event_id) OR (EXCLUDED.visibility = 'AGENTS_ONLY' AND messages.visibility <> 'AGENTS_ONLY');
  END IF;
  -- message_statuses
  IF jsonb_array_length(p_rows -> 4) > 0 THEN
    INSERT INTO message_statuses (conversation_id, message_id, status, snapshot_at, snapshot_event_id)
      SELECT conversation_id, message_id, status, snapshot_at, snapshot_event_id FROM jsonb_to_recordset((p_rows -> 4)) AS x(conversation_id bytea, message_id bytea, status text, snapshot_at timestamptz, snapshot_event_id bytea) ORDER BY conversation_id, message_id
      ON CONFLICT (conversation_id, message_id) DO UPDATE SET status = EXCLUDED.status, snapshot_at = EXCLUDED.snapshot_at, snapshot_event_id = EXCLUDED.snapshot_event_id WHERE (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (message_statuses.snapshot_at, message_statuses.snapshot_event_id);
  END IF;
  -- activities
  IF jsonb_array_length(p_rows -> 5) > 0 THEN
    INSERT INTO activities (conversation_id, event_id, event_name, type, "timestamp", participant_id, participant_type, participant_name, role, previous_role, state, reason, details)
    SELECT conversation_id, event_id, event_name, type, "timestamp", participant_id, participant_type, participant_name, role, previous_role, state, reason, details FROM jsonb_to_recordset((p_rows -> 5)) AS x(conversation_id bytea, event_id bytea, event_name text, type text, "timestamp" timestamptz, participant_id bytea, participant_type text, participant_name text, role text, previous_role text, state text, reason text, details jsonb)
    ORDER BY conversation_id, event_id
    ON CONFLICT DO NOTHING;
  END IF;
  -- customers
  IF jsonb_array_length(p_rows -> 6) > 0 THEN
    INSERT INTO customers (id, first_name, last_name, is_anonymous, snapshot_at, snapshot_event_id)
      SELECT id, first_name, last_name, is_anonymous, snapshot_at, snapshot_event_id FROM jsonb_to_recordset((p_rows -> 6)) AS x(id bytea, first_name text, last_name text, is_anonymous boolean, snapshot_at timestamptz, snapshot_event_id bytea) ORDER BY id
      ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, is_anonymous = EXCLUDED.is_anonymous, snapshot_at = EXCLUDED.snapshot_at, snapshot_event_id = EXCLUDED.snapshot_event_id WHERE (EXCLUDED.snapshot_at, EXCLUDED.snapshot_event_id) > (customers.snapshot_at, customers.snapshot_event_id);
  END IF;
  -- channels
  IF jsonb_array_length(p_rows -> 7) > 0 THEN
    WITH x AS (
      SELECT * FROM jsonb_to_recordset((p_rows -> 7))
        AS x(id bytea, name text, service_identifier text, channel_type text, snapshot_at timestamptz, snapshot_event_id bytea)
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
          IS DISTINCT FROM (x.name, x.service_identifier, x.channel_type);
  END IF;
END
$fn$;

-- The write path: one call commits a batch of new events (src/storage/event-store.repository.ts).
--   p_events: [{i, c, n, t, h, e, d, m}]: id, conversation id, name, timestamp, content hash (SHA-256 of
--             the event's manifest, src/domain/audit/event-pieces.ts), envelope part, diff, and the
--             message piece when the event already lost its message row within the batch;
--   p_parts:  [{h, s, c, r}]: parts not known to be stored (hash, scope, content, refs);
--   p_rows:   the normalised rows, one array per upsert of cim_upsert_normalised (messages: element 3).
-- Statuses: 'created' for each event when all are new and were written; otherwise nothing is written
-- and each is 'pending' (new), 'duplicate' (same id, same content hash) or 'stored' (same id, its
-- content to be compared by the caller: another key order is a duplicate, anything else a conflict).
CREATE FUNCTION "cim_append_events"(
  p_received_at timestamptz,
  p_events jsonb,
  p_parts jsonb,
  p_rows jsonb
) RETURNS TABLE (event_id bytea, status text)
LANGUAGE plpgsql AS $$
DECLARE
  n int := jsonb_array_length(p_events);
  genesis constant bytea := '\x0000000000000000000000000000000000000000000000000000000000000000';
  received timestamptz(3) := p_received_at;
  arrived bytea;
  statuses text[];
  prevs bytea[] := array_fill(NULL::bytea, ARRAY[n]);
  chains bytea[] := array_fill(NULL::bytea, ARRAY[n]);
  r record;
  conversations bytea[];
  cur_conversation bytea := NULL;
  cur_head bytea;
  cur_head_id bytea;
  last_conversations bytea[] := '{}';
  last_heads bytea[] := '{}';
  last_ids bytea[] := '{}';
  last_counts int[] := '{}';
  cur_count int := 0;
BEGIN
  IF n = 0 THEN RETURN; END IF;
  arrived := int8send((extract(epoch FROM received) * 1000)::bigint);
  -- Every lookup below probes its table key by key (= ANY(array), a LATERAL subquery kept apart by
  -- OFFSET 0, a scalar subquery): the planner cannot tell how many rows jsonb_to_recordset gives (it
  -- guesses 100) and would otherwise hash-join, scanning all of events, messages or parts each call.
  conversations := ARRAY(SELECT DISTINCT x.c FROM jsonb_to_recordset(p_events) AS x(c bytea) ORDER BY 1);

  -- 1. Each conversation's chain head, created if new, locked: a concurrent writer of the same
  --    conversation waits here until this statement's transaction ends.
  INSERT INTO audit_chains (conversation_id, head_id, head, events)
  SELECT c, NULL::bytea, genesis, 0 FROM unnest(conversations) AS c
  ON CONFLICT (conversation_id) DO NOTHING;
  PERFORM 1 FROM audit_chains a WHERE a.conversation_id = ANY(conversations)
  ORDER BY a.conversation_id FOR UPDATE;

  -- 2. Under those locks, which ids are stored already. A stored format-2 event with the same content
  --    hash has the chain hash this one would have had in its place (its predecessor's chain, the
  --    hash, its arrival): no content hash needs storing for this.
  SELECT array_agg(
           CASE
             WHEN s.id IS NULL THEN 'created'
             WHEN s.conversation_id = x.c AND s.format = 2
                  AND s.chain = sha256(coalesce(p.chain, genesis) || x.h
                                       || int8send((extract(epoch FROM s.received_at) * 1000)::bigint))
               THEN 'duplicate'
             ELSE 'stored'
           END ORDER BY x.ord)
    INTO statuses
  FROM ROWS FROM (jsonb_to_recordset(p_events) AS (i bytea, c bytea, h bytea)) WITH ORDINALITY AS x(i, c, h, ord)
  LEFT JOIN LATERAL (SELECT e.id, e.conversation_id, e.format, e.chain, e.received_at, e.prev_id
                     FROM events e WHERE e.id = x.i OFFSET 0) s ON true
  LEFT JOIN LATERAL (SELECT e.chain FROM events e WHERE e.id = s.prev_id OFFSET 0) p ON true;

  IF 'duplicate' = ANY(statuses) OR 'stored' = ANY(statuses) THEN
    RETURN QUERY
      SELECT x.i, CASE WHEN statuses[x.ord::int] = 'created' THEN 'pending' ELSE statuses[x.ord::int] END
      FROM ROWS FROM (jsonb_to_recordset(p_events) AS (i bytea)) WITH ORDINALITY AS x(i, ord);
    RETURN;
  END IF;

  -- 3. Parts, then a check that every envelope named is stored (the caller's cache of stored parts
  --    can be stale after a restore): foreign_key_violation tells it to send them all again.
  INSERT INTO parts (hash, scope, content, refs)
  SELECT x.h, x.s, x.c, x.r FROM jsonb_to_recordset(p_parts) AS x(h bytea, s bytea, c text, r text)
  ORDER BY x.h
  ON CONFLICT (hash) DO NOTHING;
  IF EXISTS (SELECT 1 FROM jsonb_to_recordset(p_events) AS x(e bytea)
             WHERE x.e IS NOT NULL AND (SELECT count(*) FROM parts p WHERE p.hash = x.e) = 0) THEN
    RAISE EXCEPTION 'an envelope part named by an event is not stored' USING ERRCODE = 'foreign_key_violation';
  END IF;

  -- 4. Chain the new events: per conversation in arrival order, from the locked head.
  FOR r IN
    SELECT x.i, x.c, x.h, x.ord::int AS ord
    FROM ROWS FROM (jsonb_to_recordset(p_events) AS (i bytea, c bytea, h bytea)) WITH ORDINALITY AS x(i, c, h, ord)
    ORDER BY x.c, x.ord
  LOOP
    IF cur_conversation IS DISTINCT FROM r.c THEN
      IF cur_conversation IS NOT NULL THEN
        last_conversations := last_conversations || cur_conversation;
        last_heads := last_heads || cur_head;
        last_ids := last_ids || cur_head_id;
        last_counts := last_counts || cur_count;
      END IF;
      cur_conversation := r.c;
      cur_count := 0;
      SELECT a.head, a.head_id INTO cur_head, cur_head_id FROM audit_chains a WHERE a.conversation_id = r.c;
    END IF;
    cur_head := sha256(cur_head || r.h || arrived);
    prevs[r.ord] := cur_head_id;
    chains[r.ord] := cur_head;
    cur_head_id := r.i;
    cur_count := cur_count + 1;
  END LOOP;
  last_conversations := last_conversations || cur_conversation;
  last_heads := last_heads || cur_head;
  last_ids := last_ids || cur_head_id;
  last_counts := last_counts || cur_count;

  INSERT INTO events (id, "timestamp", received_at, format, conversation_id, prev_id, name, chain, envelope, diff, message)
  SELECT x.i, x.t, received, 2, x.c, prevs[x.ord::int], x.n, chains[x.ord::int], x.e, x.d, x.m
  FROM ROWS FROM (jsonb_to_recordset(p_events) AS (i bytea, c bytea, n text, t timestamptz, e bytea, d text, m text))
    WITH ORDINALITY AS x(i, c, n, t, e, d, m, ord);

  UPDATE audit_chains a
  SET head = last_heads[array_position(last_conversations, a.conversation_id)],
      head_id = last_ids[array_position(last_conversations, a.conversation_id)],
      events = a.events + last_counts[array_position(last_conversations, a.conversation_id)]
  WHERE a.conversation_id = ANY(last_conversations);

  -- 5. A message row changes hands when an earlier event carries its data.id: the message piece of
  --    the event losing it moves into that event's own row first (nothing is lost or kept twice).
  FOR r IN
    SELECT m.event_id, cim_message_piece(m.id, m.sent_at, m.text, m.markdown_text_encoding, m.body, m.body_type) AS piece
    FROM jsonb_to_recordset(p_rows -> 3) AS x(conversation_id bytea, id bytea, "timestamp" timestamptz, event_id bytea)
    CROSS JOIN LATERAL (SELECT * FROM messages m
                        WHERE m.conversation_id = x.conversation_id AND m.id = x.id
                          AND (x."timestamp", x.event_id) < (m."timestamp", m.event_id) OFFSET 0) m
  LOOP
    UPDATE events e SET message = r.piece WHERE e.id = r.event_id AND e.format = 2 AND e.message IS NULL;
  END LOOP;

  PERFORM cim_upsert_normalised(p_rows);

  -- 6. A new event whose data.id's row belongs to an earlier event keeps its message piece itself.
  FOR r IN
    SELECT x.event_id, cim_message_piece(x.id, x.sent_at, x.text, x.markdown_text_encoding, x.body, x.body_type) AS piece
    FROM jsonb_to_recordset(p_rows -> 3) AS x(conversation_id bytea, id bytea, event_id bytea, sent_at timestamptz,
                                              text text, markdown_text_encoding text, body text, body_type text)
    CROSS JOIN LATERAL (SELECT m.event_id FROM messages m
                        WHERE m.conversation_id = x.conversation_id AND m.id = x.id OFFSET 0) m
    WHERE m.event_id <> x.event_id
  LOOP
    UPDATE events e SET message = r.piece WHERE e.id = r.event_id;
  END LOOP;

  RETURN QUERY
    SELECT x.i, 'created'::text FROM jsonb_to_recordset(p_events) AS x(i bytea);
END;
$$;

-- A message piece as an event keeps it when it does not own its messages row (parsed by
-- src/storage/audit.repository.ts).
CREATE FUNCTION cim_message_piece(p_id bytea, p_sent_at timestamptz, p_text text, p_encoding text, p_body text, p_body_type text)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'id', cim_id_text(p_id),
    'sentAt', (extract(epoch FROM p_sent_at) * 1000)::bigint,
    'text', p_text,
    'encoding', p_encoding,
    'body', p_body,
    'bodyType', p_body_type)::text
$$;
