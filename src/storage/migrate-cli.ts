// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits.
import { loadConfig } from '../config/app-config.js';
import { openDatabase } from './database-connection.js';
import { applyMigrations, readMigrations } from './migrations.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const connection = openDatabase(config);
  try {
    const migrations = await readMigrations(config.migrationsDir);
    const applied = await connection.withSession((session) => applyMigrations(session, migrations));
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
