import { describe, expect, it } from '@jest/globals';
import { CommitQueue } from './commit-queue.js';

/** A flush the test completes by hand, recording each batch it was given. */
function manualFlush<T>() {
  const batches: T[][] = [];
  const releases: ((error?: Error) => void)[] = [];
  const flush = (items: T[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve, reject) => {
      releases.push((error) =>
        error ? reject(error) : resolve(items.map((i) => `ok:${String(i)}`)),
      );
    });
  };
  return { batches, releases, flush };
}

const tick = () => new Promise((r) => setImmediate(r));

describe(CommitQueue.name, () => {
  describe('push', () => {
    it('should flush a lone item at once when the queue is idle', async () => {
      const { batches, releases, flush } = manualFlush<number>();
      const sut = new CommitQueue(flush, { maxBatch: 10, maxConcurrent: 1 });

      const result = sut.push(1);
      await tick();

      expect(batches).toEqual([[1]]);
      releases[0]();
      await expect(result).resolves.toBe('ok:1');
    });

    it('should batch items that arrive while a flush is in flight, in arrival order', async () => {
      const { batches, releases, flush } = manualFlush<number>();
      const sut = new CommitQueue(flush, { maxBatch: 10, maxConcurrent: 1 });

      const first = sut.push(1);
      await tick();
      const rest = [2, 3, 4].map((i) => sut.push(i));
      await tick();
      expect(batches).toEqual([[1]]);

      releases[0]();
      await expect(first).resolves.toBe('ok:1');
      await tick();
      expect(batches).toEqual([[1], [2, 3, 4]]);
      releases[1]();
      await expect(Promise.all(rest)).resolves.toEqual(['ok:2', 'ok:3', 'ok:4']);
    });

    it('should split the waiting items into batches of at most maxBatch when many wait', async () => {
      const { batches, releases, flush } = manualFlush<number>();
      const sut = new CommitQueue(flush, { maxBatch: 2, maxConcurrent: 1 });

      const all = [1, 2, 3, 4, 5].map((i) => sut.push(i));
      await tick();
      releases[0]();
      await tick();
      releases[1]();
      await tick();
      releases[2]();

      await expect(Promise.all(all)).resolves.toHaveLength(5);
      expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    });

    it('should run up to maxConcurrent flushes at once when items keep arriving', async () => {
      const { batches, releases, flush } = manualFlush<number>();
      const sut = new CommitQueue(flush, { maxBatch: 1, maxConcurrent: 2 });

      const all = [1, 2, 3].map((i) => sut.push(i));
      await tick();
      expect(batches).toEqual([[1], [2]]);

      releases[1]();
      await tick();
      expect(batches).toEqual([[1], [2], [3]]);
      releases[0]();
      releases[2]();
      await expect(Promise.all(all)).resolves.toEqual(['ok:1', 'ok:2', 'ok:3']);
    });

    it('should reject every waiter of a batch and none of the next when its flush fails', async () => {
      const { releases, flush } = manualFlush<number>();
      const sut = new CommitQueue(flush, { maxBatch: 10, maxConcurrent: 1 });

      const first = sut.push(0);
      await tick();
      const failing = [1, 2].map((i) => sut.push(i));
      releases[0]();
      await first;
      await tick();
      const later = sut.push(3);
      releases[1](new Error('database is down'));

      for (const p of failing) await expect(p).rejects.toThrow('database is down');
      await tick();
      releases[2]();
      await expect(later).resolves.toBe('ok:3');
    });

    it('should reject the batch when the flush returns the wrong number of results', async () => {
      const sut = new CommitQueue(() => Promise.resolve(['only one']), {
        maxBatch: 10,
        maxConcurrent: 1,
      });

      const all = [sut.push(1), sut.push(2)];

      for (const p of all) await expect(p).rejects.toThrow('flush returned 1 results for 2 items');
    });

    it('should report the size of every flush when onFlush is given', async () => {
      const sizes: number[] = [];
      const sut = new CommitQueue((items: number[]) => Promise.resolve(items), {
        maxBatch: 3,
        maxConcurrent: 1,
        onFlush: (size) => sizes.push(size),
      });

      await Promise.all([1, 2, 3, 4].map((i) => sut.push(i)));

      expect(sizes).toEqual([3, 1]);
    });
  });

  describe('drain', () => {
    it('should resolve at once when nothing is pending', async () => {
      const sut = new CommitQueue((items: number[]) => Promise.resolve(items), {
        maxBatch: 3,
        maxConcurrent: 1,
      });

      await expect(sut.drain()).resolves.toBeUndefined();
    });

    it('should resolve only after every queued item is committed when items are in flight', async () => {
      const { releases, flush } = manualFlush<number>();
      const sut = new CommitQueue(flush, { maxBatch: 10, maxConcurrent: 1 });
      const settled: number[] = [];
      [1, 2].forEach((i) => void sut.push(i).then(() => settled.push(i)));
      await tick();
      const third = sut.push(3).then(() => settled.push(3));

      let drained = false;
      const drain = sut.drain().then(() => (drained = true));
      releases[0]();
      await tick();
      expect(drained).toBe(false);
      releases[1]();
      await drain;
      await third;

      expect(settled).toEqual([1, 2, 3]);
    });
  });
});
