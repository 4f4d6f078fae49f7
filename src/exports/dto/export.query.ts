import { IsIn, IsString, Length } from 'class-validator';
import { MAX_ID_LENGTH } from '../../domain/limits.js';
import { IsQueryIsoDate } from '../../common/query-date.js';

export const VIEWS = ['customer', 'agent'] as const;
export const CONVERSATION_FORMATS = ['json', 'csv', 'txt', 'pdf'] as const;
export const RANGE_FORMATS = ['ndjson', 'csv'] as const;

export class ConversationExportParams {
  @IsString()
  @Length(1, MAX_ID_LENGTH)
  conversationId!: string;
}

export class ConversationExportQuery {
  @IsIn(VIEWS)
  view!: (typeof VIEWS)[number];

  @IsIn(CONVERSATION_FORMATS)
  format!: (typeof CONVERSATION_FORMATS)[number];
}

export class TranscriptsExportQuery {
  @IsQueryIsoDate()
  from!: string;

  @IsQueryIsoDate()
  to!: string;

  @IsIn(VIEWS)
  view!: (typeof VIEWS)[number];

  @IsIn(RANGE_FORMATS)
  format!: (typeof RANGE_FORMATS)[number];
}
