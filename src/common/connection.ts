import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { KeysetSide, KeysetWindow } from '../storage/keyset.js';
import type { PageInfo } from './models/page-info.model.js';
import { ReadException, ReadExceptionCode } from './read.exception.js';

/**
 * Relay Cursor Connections paging, once for every connection: forward (`first`/`after`) and backward
 * (`last`/`before`) over a keyset, with `pageInfo` as the specification's algorithm defines it.
 */

/** Paging arguments as the client gave them (`first` null when only its schema default applies). */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Where a list's rows come from: a repository's keyset queries. */
export interface KeysetSource<P, R> {
  /** The window's rows, in list order. */
  rows(window: KeysetWindow<P>): Promise<R[]>;
  /** Whether a row lies at `position` or on the given side of it, in list order (one indexed probe). */
  exists(position: P, side: KeysetSide): Promise<boolean>;
  positionOf(row: R): P;
}

/** Opaque cursors of one list; `decode` gives null for anything this list did not make. */
export interface CursorCodec<P> {
  encode(position: P): string;
  decode(cursor: string): P | null;
}

export interface Page<R> {
  rows: R[];
  cursors: string[];
  pageInfo: PageInfo;
}

/**
 * One page. `hasNextPage` with `first` and `hasPreviousPage` with `last` say whether the window
 * holds more rows than were returned; the other one says whether any row lies beyond the cursor the
 * page started from (`after`, or `before`), which keyset order lets us check cheaply, so a client
 * paging either way always learns whether the other way has rows.
 */
export async function loadPage<P, R>(
  request: PageRequest,
  defaultSize: number,
  codec: CursorCodec<P>,
  source: KeysetSource<P, R>,
): Promise<Page<R>> {
  if (isGiven(request.first) && isGiven(request.last)) {
    throw new ReadException(
      ReadExceptionCode.INVALID_ARGUMENT,
      'Give first (with after) or last (with before), not both',
    );
  }
  const after = request.after ? decode(codec, request.after, 'after') : null;
  const before = request.before ? decode(codec, request.before, 'before') : null;
  const fromEnd = isGiven(request.last);
  const size = (fromEnd ? request.last : request.first) ?? defaultSize;
  const start = fromEnd ? before : after;
  const [found, beyondStart] = await Promise.all([
    source.rows({ after, before, limit: size + 1, fromEnd }),
    start === null ? false : source.exists(start, fromEnd ? 'after' : 'before'),
  ]);
  const more = found.length > size;
  const rows = !more ? found : fromEnd ? found.slice(found.length - size) : found.slice(0, size);
  const cursors = rows.map((r) => codec.encode(source.positionOf(r)));
  return {
    rows,
    cursors,
    pageInfo: {
      hasNextPage: fromEnd ? beyondStart : more,
      hasPreviousPage: fromEnd ? more : beyondStart,
      startCursor: cursors[0] ?? null,
      endCursor: cursors.at(-1) ?? null,
    },
  };
}

/**
 * `first` as the client wrote it, or null when only the schema default would apply: a `last` query
 * must not be cut to the default `first` beforehand (Relay sends `first: null` itself; other clients
 * simply leave it out).
 */
export function firstAsGiven(first: number | null | undefined, info: GraphQLResolveInfo) {
  const argument = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === 'first');
  if (!argument) return null;
  if (
    argument.value.kind === Kind.VARIABLE &&
    !(argument.value.name.value in info.variableValues)
  ) {
    return null;
  }
  return first ?? null;
}

function isGiven(n: number | null | undefined): n is number {
  return typeof n === 'number';
}

function decode<P>(codec: CursorCodec<P>, cursor: string, name: 'after' | 'before'): P {
  const position = codec.decode(cursor);
  if (position === null) {
    throw new ReadException(
      ReadExceptionCode.INVALID_ARGUMENT,
      `${name} is not a cursor of this list`,
    );
  }
  return position;
}
