\timing off
-- 1. Report: per day and channel over 7 days (the SQL of ReportRepository with literal parameters).
EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON)
WITH keys AS (SELECT c.id AS conversation_id, c.channel_id AS key FROM conversations c
  WHERE c.last_event_at >= '2026-01-03' AND c.first_event_at < '2026-01-10'),
m AS (SELECT m.conversation_id, date_trunc('day', m."timestamp", 'UTC') AS bucket, m.sender_type, m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[]) AS visible
  FROM messages m WHERE m."timestamp" >= '2026-01-03' AND m."timestamp" < '2026-01-10' AND m.conversation_id IN (SELECT conversation_id FROM keys)),
counts AS (SELECT k.key, m.bucket, count(DISTINCT m.conversation_id)::int AS conversations, count(*)::int AS messages, count(*) FILTER (WHERE m.visible)::int AS customer_visible
  FROM m JOIN keys k USING (conversation_id) GROUP BY 1, 2),
firsts AS (SELECT fc.conversation_id, fc.at AS first_customer,
  (SELECT min(m."timestamp") FROM messages m WHERE m.conversation_id = fc.conversation_id AND m.sender_type = 'AGENT' AND m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[]) AND m."timestamp" >= fc.at) AS first_agent
  FROM (SELECT m.conversation_id, min(m."timestamp") AS at FROM messages m WHERE m.sender_type = 'CUSTOMER' AND m.conversation_id IN (SELECT conversation_id FROM keys) GROUP BY 1) fc
  WHERE fc.at >= '2026-01-03' AND fc.at < '2026-01-10'),
fr AS (SELECT k.key, date_trunc('day', f.first_customer, 'UTC') AS bucket, count(*)::int AS fr_n,
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_agent - f.first_customer)::float8) AS fr
  FROM firsts f JOIN keys k USING (conversation_id) WHERE f.first_agent IS NOT NULL GROUP BY 1, 2),
sessions AS (SELECT e.conversation_id, e.payload #>> '{data,id}' AS session_id,
  min(e."timestamp") FILTER (WHERE e.name = 'CHANNEL_SESSION_STARTED') AS started, min(e."timestamp") FILTER (WHERE e.name = 'CHANNEL_SESSION_ENDED') AS ended
  FROM events e WHERE e.name IN ('CHANNEL_SESSION_STARTED', 'CHANNEL_SESSION_ENDED') AND e."timestamp" >= '2026-01-03' AND e.conversation_id IN (SELECT conversation_id FROM keys) GROUP BY 1, 2),
ht AS (SELECT k.key, date_trunc('day', s.started, 'UTC') AS bucket, count(*)::int AS ht_n,
  percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY extract(epoch FROM s.ended - s.started)::float8) AS ht
  FROM sessions s JOIN keys k USING (conversation_id) WHERE s.started < '2026-01-10' AND s.ended >= s.started GROUP BY 1, 2)
SELECT * FROM counts FULL JOIN fr USING (key, bucket) FULL JOIN ht USING (key, bucket);

-- 2. Browsing: a page of 20 on one channel in a 2-day range, and its totalCount.
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT c.id FROM conversations c LEFT JOIN channels ch ON ch.id = c.channel_id
WHERE c.last_event_at >= '2026-01-05' AND c.first_event_at < '2026-01-07' AND c.channel_id = 'ch3'
ORDER BY c.created_at DESC, c.id DESC LIMIT 21;
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT count(*) FROM conversations c WHERE c.last_event_at >= '2026-01-05' AND c.first_event_at < '2026-01-07' AND c.channel_id = 'ch3';

-- 3. Browsing by agent, customer view (agent found only through customer-visible messages).
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT c.id FROM conversations c WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.sender_id = 'agent7'
  AND m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[])) ORDER BY c.created_at DESC, c.id DESC LIMIT 21;

-- 4. Batched field loads for a page of 20 (messageCount, customer view).
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT m.conversation_id, count(*) FROM messages m WHERE m.conversation_id = ANY(ARRAY(SELECT 'c' || i FROM generate_series(100, 119) i))
  AND m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[]) GROUP BY 1;

-- 5. Agent collaboration over 7 days (whispers per agent).
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT m.sender_id, m.conversation_id, count(*), min(m."timestamp") FROM messages m JOIN conversations c ON c.id = m.conversation_id
WHERE c.last_event_at >= '2026-01-03' AND c.first_event_at < '2026-01-10' AND m.sender_type = 'AGENT'
  AND NOT m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[]) AND m."timestamp" >= '2026-01-03' AND m."timestamp" < '2026-01-10' GROUP BY 1, 2;

-- 6. One export page (keyset).
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT m.* FROM messages m WHERE m.conversation_id = 'c500' AND m.visibility = ANY('{CUSTOMER_VISIBLE,AGENTS_ONLY}'::"Visibility"[])
  AND (m."timestamp", m.event_id, m.id) > ('2026-01-01', '', '') ORDER BY m."timestamp", m.event_id, m.id LIMIT 500;

-- 7. Customer view: a page of 20 in a 2-day range (times from customer-visible messages only).
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT c.id, COALESCE(vs.first_at, c.first_event_at), COALESCE(vs.last_at, c.first_event_at)
FROM conversations c
LEFT JOIN LATERAL (SELECT min(m."timestamp") AS first_at, max(m."timestamp") AS last_at FROM messages m
  WHERE m.conversation_id = c.id AND m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[])) vs ON true
WHERE c.last_event_at >= '2026-01-05' AND c.first_event_at < '2026-01-07'
  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[]) AND m."timestamp" >= '2026-01-05')
  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[]) AND m."timestamp" < '2026-01-07')
ORDER BY c.created_at DESC, c.id DESC LIMIT 21;

-- 8. Its totalCount.
EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON)
SELECT count(*) FROM conversations c
WHERE c.last_event_at >= '2026-01-05' AND c.first_event_at < '2026-01-07'
  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[]) AND m."timestamp" >= '2026-01-05')
  AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.visibility = ANY('{CUSTOMER_VISIBLE}'::"Visibility"[]) AND m."timestamp" < '2026-01-07');
