import { MultiBar, Presets } from 'cli-progress';
import type { ImportCounts, ImportReporter } from './import.service.js';

/** How often plain progress lines are written when nobody watches a terminal. */
const PLAIN_EVERY_MS = 5000;

export interface ProgressOptions {
  /** Where progress and problems go (standard error). */
  out: NodeJS.WritableStream & { isTTY?: boolean };
  /** Bytes of the source file, when known; the bar then shows how far through it reading is. */
  totalBytes: number | undefined;
  bytesRead(): number;
}

export interface ImportProgress extends ImportReporter {
  /** Stops the bar; returns the rate over the whole import, in events per second. */
  finish(counts: ImportCounts): number;
}

export function done(counts: ImportCounts): number {
  return counts.created + counts.duplicate + counts.conflict + counts.invalid;
}

/** A progress bar on a terminal; plain lines every few seconds otherwise (logs, CI, pipes). */
export function importProgress(options: ProgressOptions): ImportProgress {
  const started = performance.now();
  const rate = (counts: ImportCounts) =>
    Math.round(done(counts) / Math.max((performance.now() - started) / 1000, 0.001));
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);
  return options.out.isTTY === true
    ? barProgress(options, rate, mb)
    : plainProgress(options, rate, mb);
}

type Rate = (counts: ImportCounts) => number;
type Mb = (bytes: number) => string;

function barProgress(options: ProgressOptions, rate: Rate, mb: Mb): ImportProgress {
  const known = options.totalBytes !== undefined;
  const bars = new MultiBar(
    {
      stream: options.out,
      format: known
        ? '{bar} {percentage}% | {read}/{size} MB | {events} events | {rate} events/s'
        : '{events} events | {read} MB read | {rate} events/s',
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  const total = options.totalBytes ?? 0;
  const size = mb(total);
  const bar = bars.create(total, 0, { events: 0, rate: 0, read: '0.0', size });
  const update = (counts: ImportCounts) =>
    bar.update(known ? options.bytesRead() : 0, {
      events: done(counts),
      rate: rate(counts),
      read: mb(options.bytesRead()),
      size,
    });
  return {
    problem: (at, status, reason) => bars.log(`${at}: ${status}: ${reason}\n`),
    progress: update,
    finish(counts) {
      update(counts);
      bars.stop();
      return rate(counts);
    },
  };
}

function plainProgress(options: ProgressOptions, rate: Rate, mb: Mb): ImportProgress {
  let last = performance.now();
  const line = (counts: ImportCounts) => {
    const of = options.totalBytes === undefined ? '' : ` of ${mb(options.totalBytes)}`;
    options.out.write(
      `progress: ${done(counts)} events, ${mb(options.bytesRead())}${of} MB read, ${rate(counts)} events/s\n`,
    );
  };
  return {
    problem: (at, status, reason) => options.out.write(`${at}: ${status}: ${reason}\n`),
    progress(counts) {
      if (performance.now() - last < PLAIN_EVERY_MS) return;
      last = performance.now();
      line(counts);
    },
    finish(counts) {
      line(counts);
      return rate(counts);
    },
  };
}
