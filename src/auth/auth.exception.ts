export enum AuthExceptionCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
}

export class AuthException extends Error {
  override name = 'AuthException';
  constructor(
    readonly code: AuthExceptionCode,
    message: string,
  ) {
    super(message);
  }
}
