// `npm run import -- <file>`: imports CIM events (NDJSON or a JSON array; `.gz` decompressed; `-` for
// standard input) through the path `POST /events` takes. Exit 0: all created or duplicate; 1: any
// conflict or invalid event (or a failure); 2: usage error.
import { openSource, readEvents, type EventSource } from '../import/event-source.js';
import { ImportModule } from '../import/import.module.js';
import { importProgress } from '../import/import-progress.js';
import { ImportService } from '../import/import.service.js';
import { runCli } from './cli.js';

const USAGE = `Usage: npm run import -- <file>
  <file>  NDJSON (one CIM event per line) or a JSON array of CIM events;
          a name ending in .gz is decompressed; - reads standard input.
  Imports into DATABASE_URL, or the embedded database in DATA_DIR when it is unset.
  Exit code: 0 all created or duplicate, 1 any conflict or invalid event, 2 usage error.`;

function usageError(message: string): void {
  console.error(`${message}\n${USAGE}`);
  process.exitCode = 2;
}

async function main(args: string[]): Promise<void> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    console.log(USAGE);
    return;
  }
  if (args.length !== 1) return usageError(args.length === 0 ? 'No file given.' : 'One file only.');
  const [path] = args;
  if (path !== '-' && path.startsWith('-')) return usageError(`Unknown option ${path}.`);
  let source: EventSource;
  try {
    source = await openSource(path);
  } catch (error) {
    return usageError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  await runCli(
    async (app) => {
      const progress = importProgress({ ...source, out: process.stderr });
      const counts = await app.get(ImportService).import(readEvents(source.stream), progress);
      const rate = progress.finish(counts);
      console.error(`${rate} events/s`);
      console.log(
        `${counts.created} created, ${counts.duplicate} duplicate, ${counts.conflict} conflict, ${counts.invalid} invalid`,
      );
      return counts.conflict === 0 && counts.invalid === 0 ? 0 : 1;
    },
    [ImportModule],
  );
}

await main(process.argv.slice(2));
