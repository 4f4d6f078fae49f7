/**
 * A keyset window over a list in its own order: the rows strictly after `after` and strictly before
 * `before`; `limit` of them from the start, or from the end when `fromEnd`. Repositories that page
 * take one and return the rows in list order.
 */
export interface KeysetWindow<P> {
  after: P | null;
  before: P | null;
  limit: number;
  fromEnd: boolean;
}

/** A side of a position, in list order. */
export type KeysetSide = 'before' | 'after';
