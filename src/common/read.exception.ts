export enum ReadExceptionCode {
  /** An argument is well-formed but not allowed (bad cursor, hasWhispers with the customer view, bad range). */
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
  NOT_FOUND = 'NOT_FOUND',
}

/** Read-side failures: browsing, collaboration, reports, exports and the access log. */
export class ReadException extends Error {
  override name = 'ReadException';
  constructor(
    readonly code: ReadExceptionCode,
    message: string,
  ) {
    super(message);
  }
}
