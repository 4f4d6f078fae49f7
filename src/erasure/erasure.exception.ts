export enum ErasureExceptionCode {
  /** Something the erasure would touch is under an active legal hold; nothing changed. */
  LEGAL_HOLD = 'LEGAL_HOLD',
  NOT_FOUND = 'NOT_FOUND',
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
}

/** Erasure and legal-hold failures; each leaves the store unchanged. */
export class ErasureException extends Error {
  override name = 'ErasureException';
  constructor(
    readonly code: ErasureExceptionCode,
    message: string,
  ) {
    super(message);
  }
}
