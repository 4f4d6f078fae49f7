import { IsIn, IsISO8601, IsString, Length } from 'class-validator';

export const VIEWS = ['customer', 'agent'] as const;
export const CONVERSATION_FORMATS = ['json', 'csv', 'txt', 'pdf'] as const;
export const RANGE_FORMATS = ['ndjson', 'csv'] as const;

export class ConversationExportParams {
  @IsString()
  @Length(1, 200)
  conversationId!: string;
}

export class ConversationExportQuery {
  @IsIn(VIEWS)
  view!: (typeof VIEWS)[number];

  @IsIn(CONVERSATION_FORMATS)
  format!: (typeof CONVERSATION_FORMATS)[number];
}

export class TranscriptsExportQuery {
  @IsISO8601({ strict: true })
  from!: string;

  @IsISO8601({ strict: true })
  to!: string;

  @IsIn(VIEWS)
  view!: (typeof VIEWS)[number];

  @IsIn(RANGE_FORMATS)
  format!: (typeof RANGE_FORMATS)[number];
}
