import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'Where a page of a connection lies in the whole list (Relay Cursor Connections specification).',
})
export class PageInfo {
  @Field({
    description:
      'With `first`: more rows follow this page (ask with `after: endCursor`). With `last`: rows follow `before`.',
  })
  hasNextPage!: boolean;

  @Field({
    description:
      'With `last`: more rows precede this page (ask with `before: startCursor`). With `first`: rows precede `after`.',
  })
  hasPreviousPage!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the first edge of this page; null when the page is empty.',
  })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge of this page; null when the page is empty.',
  })
  endCursor!: string | null;
}
