-- EXPLAIN ANALYZE of the read-side queries on ~1,000,000 synthetic messages (20,000 conversations x 50).
-- Run against a scratch database created from the migrated template:  psql -f bench/read-side-explain.sql
INSERT INTO channels (id, snapshot_at, snapshot_event_id, snapshot, name, channel_type)
SELECT 'ch' || i, now(), 'x', '{}', 'Channel ' || i, 'WEB' FROM generate_series(0, 9) i;
INSERT INTO conversations (id, first_event_at, last_event_at, channel_id, customer_id, snapshot_at, snapshot_event_id, created_at)
SELECT 'c' || i, timestamptz '2026-01-01' + i * interval '2 minutes', timestamptz '2026-01-01' + i * interval '2 minutes' + interval '20 minutes',
       'ch' || (i % 10), 'cu' || (i % 5000), now(), 'x', timestamptz '2026-01-01' + i * interval '2 minutes'
FROM generate_series(1, 20000) i;
INSERT INTO messages (conversation_id, id, event_id, event_name, "timestamp", sender_id, sender_type, body_type, text, body, visibility)
SELECT 'c' || c, 'm' || c || '-' || k, 'e' || c || '-' || k,
       CASE WHEN k % 10 = 3 THEN 'WHISPER_MESSAGE' WHEN k % 2 = 0 THEN 'CUSTOMER_MESSAGE' ELSE 'AGENT_MESSAGE' END,
       timestamptz '2026-01-01' + c * interval '2 minutes' + k * interval '20 seconds',
       CASE WHEN k % 2 = 0 AND k % 10 <> 3 THEN 'cu' || (c % 5000) ELSE 'agent' || (c % 50) END,
       CASE WHEN k % 2 = 0 AND k % 10 <> 3 THEN 'CUSTOMER' ELSE 'AGENT' END, 'PLAIN', 'text ' || k, '{}',
       (CASE WHEN k % 10 = 3 THEN 'AGENTS_ONLY' ELSE 'CUSTOMER_VISIBLE' END)::"Visibility"
FROM generate_series(1, 20000) c, generate_series(1, 50) k;
INSERT INTO events (conversation_id, id, name, "timestamp", content_hash, payload)
SELECT 'c' || c, 's' || c || n, n, timestamptz '2026-01-01' + c * interval '2 minutes' + (CASE WHEN n = 'CHANNEL_SESSION_STARTED' THEN 0 ELSE 600 + c % 300 END) * interval '1 second',
       'h', jsonb_build_object('data', jsonb_build_object('id', 'sess' || c))
FROM generate_series(1, 20000) c, unnest(ARRAY['CHANNEL_SESSION_STARTED', 'CHANNEL_SESSION_ENDED']) n;
ANALYZE;
-- One audit event per message, as ingest stores them, so the events table is realistic too.
INSERT INTO events (conversation_id, id, name, "timestamp", content_hash, payload)
SELECT conversation_id, event_id, event_name, "timestamp", 'h', '{}'::jsonb FROM messages;
ANALYZE;
