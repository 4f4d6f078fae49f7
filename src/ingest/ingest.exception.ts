export enum IngestExceptionCode {
  INVALID_EVENT = 'INVALID_EVENT',
  EVENT_CONFLICT = 'EVENT_CONFLICT',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
}

export class IngestException extends Error {
  override name = 'IngestException';
  constructor(
    readonly code: IngestExceptionCode,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
  }

  static invalid(problems: string[]): IngestException {
    return new IngestException(
      IngestExceptionCode.INVALID_EVENT,
      `Invalid event: ${problems.join('; ')}`,
      problems,
    );
  }

  static conflict(eventId: string): IngestException {
    return new IngestException(
      IngestExceptionCode.EVENT_CONFLICT,
      `Event ${eventId} was already stored with different content; nothing was changed`,
    );
  }
}
