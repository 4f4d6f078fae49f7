// `npm run db:print-upserts`: prints the SQL that (re)creates cim_upsert_normalised from the upserts
// in src/storage/normalised-upserts.ts. After changing an upsert, put it in a new migration:
// a test compares the migrated function with the code and fails until then.
import { upsertFunctionSql } from '../storage/normalised-upserts.js';

process.stdout.write(upsertFunctionSql());
