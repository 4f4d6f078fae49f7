import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export const MAX_PAGE_SIZE = 100;

/**
 * The cursor and backward-paging arguments every connection shares (Relay Cursor Connections).
 * Each connection adds its own `first`, whose default differs.
 */
@ArgsType()
export abstract class PageArgs {
  @Field(() => String, {
    nullable: true,
    description: 'Only rows after this cursor: the `endCursor` of the page before.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  after?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `The last rows of the list (or of the rows before \`before\`), 1 to ${MAX_PAGE_SIZE}. Not together with \`first\`.`,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  last?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only rows before this cursor: the `startCursor` of the page after.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  before?: string | null;
}
