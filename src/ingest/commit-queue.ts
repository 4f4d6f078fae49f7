export interface CommitQueueOptions {
  /** Most items one flush may carry. */
  maxBatch: number;
  /** Most flushes in flight at once; items arriving while all are busy wait and are batched. */
  maxConcurrent: number;
  /** Called with the size of every flushed batch (metrics). */
  onFlush?: (size: number) => void;
}

interface Waiter<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit. Items pushed while the queue is idle are flushed at once (a lone request waits for
 * nothing but its own commit); items pushed while every flush slot is busy accumulate and leave
 * together in the next flush, so one transaction (one WAL flush) carries many requests under load.
 * Each push resolves with its own result only after its batch is committed; a failed batch rejects
 * every waiter in it.
 */
export class CommitQueue<T, R> {
  private pending: Waiter<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly flush: (items: T[]) => Promise<R[]>,
    private readonly options: CommitQueueOptions,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  push(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once nothing is pending or in flight (graceful shutdown). */
  drain(): Promise<void> {
    if (this.pending.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A microtask, so pushes made in the same tick (e.g. by a batch of parsed requests) share a flush.
    queueMicrotask(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.pending.length > 0 && this.inFlight < this.options.maxConcurrent) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      this.inFlight++;
      this.options.onFlush?.(batch.length);
      void this.run(batch);
    }
    if (this.pending.length === 0 && this.inFlight === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach((w) => w());
    }
  }

  private async run(batch: Waiter<T, R>[]): Promise<void> {
    try {
      const results = await this.flush(batch.map((w) => w.item));
      if (results.length !== batch.length) {
        throw new Error(`flush returned ${results.length} results for ${batch.length} items`);
      }
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (error) {
      batch.forEach((w) => w.reject(error));
    } finally {
      this.inFlight--;
      this.pump();
    }
  }
}
