import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The shapes of the HTTP answers, for the OpenAPI document only: the services return their own
 * types (IngestResult, BatchResult, ...), and these classes describe them to clients.
 */

export class ErrorBody {
  @ApiProperty({ description: 'The HTTP status, repeated.', example: 400 })
  statusCode!: number;

  @ApiProperty({
    description: 'One sentence for a person; for a refused event, every problem joined by "; ".',
  })
  message!: string;

  @ApiPropertyOptional({
    description: 'Refused events only: one entry per failing field, each starting with its path.',
    type: [String],
  })
  problems?: string[];
}

export class IngestAnswer {
  @ApiProperty({ description: 'The event id (its `id`).' })
  eventId!: string;

  @ApiProperty({
    enum: ['created', 'duplicate'],
    description: 'created: stored now (201). duplicate: the same event was already stored (200).',
  })
  status!: 'created' | 'duplicate';
}

export class BatchItemAnswer {
  @ApiProperty({ description: 'Position of the item in the request array, from 0.' })
  index!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "The item's `id` when it has a string one, else null.",
  })
  eventId!: string | null;

  @ApiProperty({
    enum: ['created', 'duplicate', 'conflict', 'invalid'],
    description:
      'created: stored and committed. duplicate: already stored with the same content. conflict: already stored with other content, nothing changed. invalid: refused, see error.',
  })
  status!: 'created' | 'duplicate' | 'conflict' | 'invalid';

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why the item is invalid or in conflict; null otherwise.',
  })
  error!: string | null;
}

export class BatchAnswer {
  @ApiProperty({ type: [BatchItemAnswer], description: 'One result per item, in input order.' })
  results!: BatchItemAnswer[];
}

export class HealthAnswer {
  @ApiProperty({ example: 'ok' })
  status!: string;

  @ApiProperty({ description: 'The checks that are up, by name.', type: Object })
  info!: Record<string, unknown>;

  @ApiProperty({ description: 'The checks that are down, by name.', type: Object })
  error!: Record<string, unknown>;

  @ApiProperty({ description: 'Every check, by name.', type: Object })
  details!: Record<string, unknown>;
}
