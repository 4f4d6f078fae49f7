-- CreateTable
CREATE TABLE "access_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "key_name" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "view" TEXT,
    "conversation_ids" TEXT[],
    "request_id" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "access_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_log_at_idx" ON "access_log"("at");

-- CreateIndex
CREATE INDEX "access_log_conversation_ids_idx" ON "access_log" USING GIN ("conversation_ids");

-- CreateIndex
CREATE INDEX "conversations_created_at_id_idx" ON "conversations"("created_at", "id");

-- CreateIndex
CREATE INDEX "conversations_channel_id_last_event_at_idx" ON "conversations"("channel_id", "last_event_at");

-- CreateIndex
CREATE INDEX "conversations_customer_id_last_event_at_idx" ON "conversations"("customer_id", "last_event_at");

-- CreateIndex
CREATE INDEX "messages_timestamp_idx" ON "messages"("timestamp");

-- CreateIndex
CREATE INDEX "messages_sender_id_conversation_id_idx" ON "messages"("sender_id", "conversation_id");

-- CreateIndex
CREATE INDEX "events_name_timestamp_idx" ON "events"("name", "timestamp");

-- The access log is append-only: no row may be changed or removed (TRUNCATE stays for tests and admins).
CREATE FUNCTION "access_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'access_log is append-only';
END;
$$;

CREATE TRIGGER "access_log_append_only" BEFORE UPDATE OR DELETE ON "access_log"
  FOR EACH ROW EXECUTE FUNCTION "access_log_append_only"();
