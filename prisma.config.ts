import { defineConfig } from 'prisma/config';

// Read by the Prisma CLI only. The service applies migrations itself (src/storage/migrations.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/cim' },
});
