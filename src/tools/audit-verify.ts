// `npm run audit:verify`: recomputes every conversation's hash chain; exits 1 if any is broken.
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
  return broken === 0 ? 0 : 1;
});
