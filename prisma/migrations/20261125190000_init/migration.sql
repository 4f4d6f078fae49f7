-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('CUSTOMER_VISIBLE', 'AGENTS_ONLY');

-- CreateTable
CREATE TABLE "events" (
    "conversation_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "content_hash" TEXT NOT NULL,
    "chain_hash" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "parts_ref" TEXT,

    CONSTRAINT "events_pkey" PRIMARY KEY ("conversation_id","id")
);

-- CreateTable
CREATE TABLE "payload_parts" (
    "hash" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "parts" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payload_parts_pkey" PRIMARY KEY ("hash")
);

-- CreateTable
CREATE TABLE "audit_chains" (
    "conversation_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "head" TEXT NOT NULL,

    CONSTRAINT "audit_chains_pkey" PRIMARY KEY ("conversation_id")
);

-- CreateTable
CREATE TABLE "activities" (
    "conversation_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "participant_id" TEXT,
    "participant_type" TEXT,
    "participant_name" TEXT,
    "role" TEXT,
    "previous_role" TEXT,
    "state" TEXT,
    "reason" TEXT,
    "details" JSONB,

    CONSTRAINT "activities_pkey" PRIMARY KEY ("conversation_id","event_id")
);

-- CreateTable
CREATE TABLE "message_statuses" (
    "conversation_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" TEXT NOT NULL,

    CONSTRAINT "message_statuses_pkey" PRIMARY KEY ("conversation_id","message_id")
);

-- CreateTable
CREATE TABLE "conversations" (
    "id" TEXT NOT NULL,
    "first_event_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_at" TIMESTAMPTZ(3) NOT NULL,
    "customer_id" TEXT,
    "channel_id" TEXT,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" TEXT NOT NULL,
    "event_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channels" (
    "id" TEXT NOT NULL,
    "name" TEXT,
    "service_identifier" TEXT,
    "channel_type" TEXT,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" TEXT NOT NULL,

    CONSTRAINT "channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customers" (
    "id" TEXT NOT NULL,
    "first_name" TEXT,
    "last_name" TEXT,
    "is_anonymous" BOOLEAN,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" TEXT NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_sessions" (
    "conversation_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "channel_id" TEXT,
    "customer_id" TEXT,
    "state" TEXT,
    "reason_code" TEXT,
    "direction" TEXT,
    "active" BOOLEAN,
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" TEXT NOT NULL,

    CONSTRAINT "channel_sessions_pkey" PRIMARY KEY ("conversation_id","id")
);

-- CreateTable
CREATE TABLE "participants" (
    "conversation_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "name" TEXT,
    "snapshot_at" TIMESTAMPTZ(3) NOT NULL,
    "snapshot_event_id" TEXT NOT NULL,

    CONSTRAINT "participants_pkey" PRIMARY KEY ("conversation_id","id")
);

-- CreateTable
CREATE TABLE "messages" (
    "conversation_id" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_name" TEXT NOT NULL,
    "timestamp" TIMESTAMPTZ(3) NOT NULL,
    "sent_at" TIMESTAMPTZ(3),
    "sender_id" TEXT NOT NULL,
    "sender_type" TEXT NOT NULL,
    "body_type" TEXT NOT NULL,
    "text" TEXT,
    "body" JSONB NOT NULL,
    "visibility" "Visibility" NOT NULL,
    "channel_session_id" TEXT,
    "markdown_text_encoding" TEXT,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("conversation_id","id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "scopes" TEXT[],
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "events_id_idx" ON "events"("id");

-- CreateIndex
CREATE INDEX "activities_conversation_id_timestamp_event_id_idx" ON "activities"("conversation_id", "timestamp", "event_id");

-- CreateIndex
CREATE INDEX "conversations_last_event_at_idx" ON "conversations"("last_event_at");

-- CreateIndex
CREATE INDEX "messages_conversation_id_timestamp_event_id_idx" ON "messages"("conversation_id", "timestamp", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_name_key" ON "api_keys"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_secret_hash_key" ON "api_keys"("secret_hash");

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_parts_ref_fkey" FOREIGN KEY ("parts_ref") REFERENCES "payload_parts"("hash") ON DELETE RESTRICT ON UPDATE RESTRICT;
