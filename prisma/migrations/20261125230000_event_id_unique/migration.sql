-- An event id names one event whatever its conversation. cim_append_events checks for a stored id
-- under each conversation's own chain lock, so two conversations racing with the same id could both
-- have stored it; with this index the later insert waits for the earlier one and fails, and the
-- service sends it again, when it is judged a conflict.
DROP INDEX "events_id_idx";

CREATE UNIQUE INDEX "events_id_key" ON "events"("id");
