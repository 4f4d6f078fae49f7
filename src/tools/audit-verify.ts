// `npm run audit:verify`: recomputes every conversation's hash chain and the erasure ledger's;
// exits 1 if any is broken.
import { AuditService, runCli } from './cli.js';

void runCli(async (app) => {
  let checked = 0;
  let broken = 0;
  for await (const result of app.get(AuditService).verifyAll()) {
    checked += 1;
    if (!result.ok) {
      broken += 1;
      console.log(
        `BROKEN ${result.conversationId}: first broken event ${result.firstBrokenEventId ?? '(chain head)'}`,
      );
    }
  }
  console.log(`${checked} conversations verified, ${broken} broken`);
  const ledger = await app.get(AuditService).verifyLedger();
  if (ledger.firstBroken) {
    console.log(
      `BROKEN erasure ledger at erasure ${ledger.firstBroken.id}: ${ledger.firstBroken.problem}`,
    );
  }
  console.log(
    `erasure ledger: ${ledger.checkedRecords} records verified, ${ledger.ok ? 'intact' : 'broken'}`,
  );
  return broken === 0 && ledger.ok ? 0 : 1;
});
