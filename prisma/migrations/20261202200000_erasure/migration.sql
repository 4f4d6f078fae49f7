-- Erasure, legal hold and retention (src/erasure, src/storage/erasure.repository.ts).
--
-- Erasing a conversation removes the content of its message pieces and personal parts while their
-- hashes stay, so the audit chain still verifies (docs/audit-log.md); every erasure is recorded in
-- an append-only, hash-chained ledger (`erasures`) that never holds the erased content.

-- A message whose content was erased: the SHA-256 of its message piece as it was (text and body are
-- then null). Verification counts the piece by this hash.
ALTER TABLE "messages" ADD COLUMN "erased_hash" BYTEA;
-- When the conversation's personal content was erased (null: never). Reads of an erased
-- conversation show no customer name, whether or not the customer's own record was erased.
ALTER TABLE "conversations" ADD COLUMN "erased_at" TIMESTAMPTZ(3);
ALTER TABLE "customers" ADD COLUMN "erased_at" TIMESTAMPTZ(3);

CREATE TABLE "legal_holds" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "conversation_id" BYTEA,
    "customer_id" BYTEA,
    "reason" TEXT NOT NULL,
    "placed_by" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "released_at" TIMESTAMPTZ(3),
    "released_by" TEXT,
    "release_reason" TEXT,

    CONSTRAINT "legal_holds_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "legal_holds_one_target" CHECK (("conversation_id" IS NULL) <> ("customer_id" IS NULL))
);
-- Erasure and retention check for an active hold on a conversation or its customer.
CREATE INDEX "legal_holds_conversation_id_idx" ON "legal_holds"("conversation_id");
CREATE INDEX "legal_holds_customer_id_idx" ON "legal_holds"("customer_id");

CREATE TABLE "erasures" (
    "seq" BIGSERIAL NOT NULL,
    "id" UUID NOT NULL,
    "requested_by" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL,
    "customer_id" BYTEA,
    "conversations" JSONB NOT NULL,
    "erased_events" INTEGER NOT NULL,
    "prev_hash" BYTEA NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "erasures_pkey" PRIMARY KEY ("seq")
);
CREATE UNIQUE INDEX "erasures_id_key" ON "erasures"("id");

CREATE FUNCTION "erasures_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'erasures is append-only';
END
$$;
CREATE TRIGGER "erasures_append_only" BEFORE UPDATE OR DELETE ON "erasures"
  FOR EACH ROW EXECUTE FUNCTION "erasures_append_only"();
