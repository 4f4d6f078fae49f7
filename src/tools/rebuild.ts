// `npm run db:rebuild`: rebuilds every normalised table from the audit log. Stop ingestion first.
import { RebuildService, runCli } from './cli.js';

void runCli(async (app) => {
  const { conversations, events } = await app.get(RebuildService).rebuild();
  console.log(`Rebuilt ${conversations} conversations from ${events} events`);
  return 0;
});
