import { createTemplateDatabase } from './database.js';

export default async function globalSetup(): Promise<void> {
  await createTemplateDatabase();
}
