import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { isObject } from '../ingest/cim-event.js';
import { IngestService, NOT_AN_OBJECT, type BatchItemResult } from '../ingest/ingest.service.js';
import type { SourceItem } from './event-source.js';

export interface ImportCounts {
  created: number;
  duplicate: number;
  conflict: number;
  invalid: number;
}

/** What the importer tells as it goes: problems with their place, and how far it is. */
export interface ImportReporter {
  problem(at: string, status: 'conflict' | 'invalid', reason: string): void;
  progress(counts: ImportCounts): void;
}

/** Chunks read ahead of the one being committed, so the commit queue never waits for the reader. */
const CHUNKS_IN_FLIGHT = 3;

/**
 * Imports events through the path `POST /events` takes (validation, normalisation, idempotency,
 * the group commit), a chunk of the commit queue's batch size at a time: chunks are committed in
 * as many transactions at once as COMMIT_CONCURRENCY allows, and reported in file order.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly ingest: IngestService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async import(items: AsyncIterable<SourceItem>, reporter: ImportReporter): Promise<ImportCounts> {
    const counts: ImportCounts = { created: 0, duplicate: 0, conflict: 0, invalid: 0 };
    const chunkSize = this.config.commitMaxBatch;
    const inFlight: Promise<void>[] = [];
    let chunk: SourceItem[] = [];
    const send = () => {
      const sent = chunk;
      chunk = [];
      const committed = this.ingest.ingestItems(readable(sent));
      // Reported strictly in order: each report waits for the one before it.
      const previous = inFlight.at(-1) ?? Promise.resolve();
      const reported = Promise.all([committed, previous]).then(([results]) => {
        tally(sent, results, counts, reporter);
        reporter.progress(counts);
      });
      // Awaited below; this only keeps a failure from counting as unhandled before then.
      reported.catch(() => undefined);
      inFlight.push(reported);
    };
    let readError: unknown = null;
    try {
      for await (const item of items) {
        chunk.push(item);
        if (chunk.length < chunkSize) continue;
        send();
        if (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift();
      }
      if (chunk.length > 0) send();
    } catch (error) {
      readError = error;
    }
    // Whatever went wrong, what was sent is committed (or has failed) before this returns.
    const failed = (await Promise.allSettled(inFlight)).find((o) => o.status === 'rejected');
    const error: unknown = readError ?? (failed ? failed.reason : null);
    if (error !== null) throw error instanceof Error ? error : new Error(JSON.stringify(error));
    return counts;
  }
}

/** The values `ingestItems` judges: unreadable items stand in as non-objects, judged apart. */
function readable(items: SourceItem[]): unknown[] {
  return items.flatMap((item) => (item.ok && isObject(item.value) ? [item.value] : []));
}

function tally(
  items: SourceItem[],
  results: BatchItemResult[],
  counts: ImportCounts,
  reporter: ImportReporter,
): void {
  let next = 0;
  for (const item of items) {
    if (!item.ok || !isObject(item.value)) {
      counts.invalid += 1;
      reporter.problem(item.at, 'invalid', item.ok ? NOT_AN_OBJECT : item.problems.join('; '));
      continue;
    }
    const result = results[next++];
    counts[result.status] += 1;
    if (result.status === 'invalid' || result.status === 'conflict') {
      reporter.problem(item.at, result.status, result.error ?? result.status);
    }
  }
}
