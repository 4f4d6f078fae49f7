-- Appends a batch of events to the audit log and applies their normalised rows in ONE statement:
-- one round trip and atomic on its own (no BEGIN/COMMIT), so chain locks are held only while the
-- server works, never across network round trips.
--
--   p_received_at  arrival time as the ISO-8601 text that enters the chain hash (millisecond precision)
--   p_events       [{conversation_id, id, name, ts, content_hash, payload, parts_ref}] in arrival order,
--                  ids unique within the batch
--   p_parts        payload parts to store (content-addressed, inserted if missing)
--   p_statements   the caller's normalised upserts, each taking its rows as $1::jsonb, run in order
--   p_rows         a JSON array: the rows parameter of each statement
--
-- Each event's status: 'created', 'duplicate' (same id and content stored in its conversation) or
-- 'conflict' (same id stored with other content or under another conversation). The normalised rows
-- were computed by the caller for every event of the batch, so they are applied only when every
-- event is new; otherwise nothing is written and the new events come back as 'pending', for the
-- caller to send again without the others.
--
-- The chain hash must stay identical to src/storage/audit-chain.ts (chainHash): SHA-256 of
-- previous, conversation id, seq, event id, arrival time, content hash joined by newlines.
CREATE FUNCTION "cim_append_events"(
  p_received_at text,
  p_events jsonb,
  p_parts jsonb,
  p_statements text[],
  p_rows jsonb
) RETURNS TABLE (event_id text, status text)
LANGUAGE plpgsql AS $$
DECLARE
  n int := jsonb_array_length(p_events);
  statuses text[];
  seqs int[] := array_fill(0, ARRAY[n]);
  hashes text[] := array_fill(NULL::text, ARRAY[n]);
  all_new boolean;
  r record;
  cur_conversation text := NULL;
  cur_seq int;
  cur_head text;
  chain_ids text[] := '{}';
  chain_seqs int[] := '{}';
  chain_heads text[] := '{}';
  i int;
BEGIN
  IF n > 0 THEN
    -- 1. Lock each conversation's chain head (creating it if new): a concurrent writer of the same
    --    conversation waits here until this statement's transaction ends.
    INSERT INTO audit_chains (conversation_id, seq, head)
    SELECT DISTINCT e->>'conversation_id', 0, repeat('0', 64)
    FROM jsonb_array_elements(p_events) AS e ORDER BY 1
    ON CONFLICT (conversation_id) DO UPDATE SET seq = audit_chains.seq;

    -- 2. Under those locks, which ids are stored already (each statement here takes a fresh snapshot).
    SELECT array_agg(
             CASE
               WHEN NOT EXISTS (SELECT 1 FROM events s WHERE s.id = x.id) THEN 'created'
               WHEN EXISTS (SELECT 1 FROM events s WHERE s.id = x.id AND s.conversation_id = x.conversation_id
                                                     AND s.content_hash = x.content_hash) THEN 'duplicate'
               ELSE 'conflict'
             END ORDER BY x.ord)
      INTO statuses
    FROM ROWS FROM (jsonb_to_recordset(p_events) AS (conversation_id text, id text, content_hash text))
      WITH ORDINALITY AS x(conversation_id, id, content_hash, ord);
    all_new := NOT ('duplicate' = ANY(statuses) OR 'conflict' = ANY(statuses));

    IF NOT all_new THEN
      RETURN QUERY
        SELECT x.id, CASE WHEN statuses[x.ord::int] = 'created' THEN 'pending' ELSE statuses[x.ord::int] END
        FROM ROWS FROM (jsonb_to_recordset(p_events) AS (id text)) WITH ORDINALITY AS x(id, ord);
      RETURN;
    END IF;

    -- 3. Chain the new events: per conversation in arrival order, from the locked head.
    FOR r IN
      SELECT x.conversation_id, x.id, x.content_hash, x.ord::int AS ord
      FROM ROWS FROM (jsonb_to_recordset(p_events) AS (conversation_id text, id text, content_hash text))
        WITH ORDINALITY AS x(conversation_id, id, content_hash, ord)
      ORDER BY x.conversation_id COLLATE "C", x.ord
    LOOP
      IF cur_conversation IS DISTINCT FROM r.conversation_id THEN
        IF cur_conversation IS NOT NULL THEN
          chain_ids := chain_ids || cur_conversation;
          chain_seqs := chain_seqs || cur_seq;
          chain_heads := chain_heads || cur_head;
        END IF;
        cur_conversation := r.conversation_id;
        SELECT c.seq, c.head INTO cur_seq, cur_head FROM audit_chains c WHERE c.conversation_id = r.conversation_id;
      END IF;
      cur_seq := cur_seq + 1;
      cur_head := encode(sha256(convert_to(
        concat_ws(E'\n', cur_head, r.conversation_id, cur_seq::text, r.id, p_received_at, r.content_hash),
        'UTF8')), 'hex');
      seqs[r.ord] := cur_seq;
      hashes[r.ord] := cur_head;
    END LOOP;
    chain_ids := chain_ids || cur_conversation;
    chain_seqs := chain_seqs || cur_seq;
    chain_heads := chain_heads || cur_head;

    -- 4. The audit rows: parts first (events reference them), then events, then the chain heads.
    INSERT INTO payload_parts (hash, content, parts)
    SELECT x.hash, x.content, x.parts
    FROM jsonb_to_recordset(p_parts) AS x(hash text, content jsonb, parts jsonb)
    ORDER BY x.hash
    ON CONFLICT DO NOTHING;

    INSERT INTO events (conversation_id, id, seq, name, "timestamp", received_at, content_hash, chain_hash, payload, parts_ref)
    SELECT x.conversation_id, x.id, seqs[x.ord::int], x.name, x.ts, p_received_at::timestamptz, x.content_hash,
           hashes[x.ord::int], x.payload, x.parts_ref
    FROM ROWS FROM (jsonb_to_recordset(p_events)
      AS (conversation_id text, id text, name text, ts timestamptz, content_hash text, payload jsonb, parts_ref text))
      WITH ORDINALITY AS x(conversation_id, id, name, ts, content_hash, payload, parts_ref, ord);

    UPDATE audit_chains SET seq = c.seq, head = c.head
    FROM unnest(chain_ids, chain_seqs, chain_heads) AS c(conversation_id, seq, head)
    WHERE audit_chains.conversation_id = c.conversation_id;
  END IF;

  -- 5. The normalised rows, in the caller's order (conversation rows first, shared rows last).
  FOR i IN 1 .. coalesce(array_length(p_statements, 1), 0) LOOP
    IF jsonb_array_length(p_rows -> (i - 1)) > 0 THEN
      EXECUTE p_statements[i] USING p_rows -> (i - 1);
    END IF;
  END LOOP;

  RETURN QUERY
    SELECT x.id, 'created'::text FROM jsonb_to_recordset(p_events) AS x(id text);
END
$$;
