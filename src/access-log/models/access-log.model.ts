import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../common/models/page-info.model.js';

@ObjectType({ description: 'One recorded read: a full-agent GraphQL read or an export.' })
export class AccessLogEntry {
  @Field(() => ID, { description: 'Position in the log (grows with each entry).' })
  id!: string;

  @Field({ description: 'When the read happened.' })
  at!: Date;

  @Field({ description: 'Name of the API key that read.' })
  keyName!: string;

  @Field({
    description:
      'What was read: graphql:conversation, graphql:conversations, export:conversation, ...',
  })
  operation!: string;

  @Field(() => String, { nullable: true, description: 'CUSTOMER or AGENT.' })
  view!: string | null;

  @Field(() => [ID], { description: 'The conversations the read returned.' })
  conversationIds!: string[];

  @Field({ description: 'X-Request-Id of the request (generated when the client sent none).' })
  requestId!: string;

  @Field(() => String, { nullable: true, description: 'Parameters of the read, as JSON.' })
  details!: string | null;
}

@ObjectType({ description: 'An access-log entry with its place in the list.' })
export class AccessLogEdge {
  @Field({ description: 'Opaque position of this entry, for `after` or `before`.' })
  cursor!: string;

  @Field(() => AccessLogEntry, { description: 'The entry.' })
  node!: AccessLogEntry;
}

@ObjectType({ description: 'A page of the access log (Relay connection).' })
export class AccessLogConnection {
  @Field(() => [AccessLogEdge], { description: 'The entries of this page, newest first.' })
  edges!: AccessLogEdge[];

  @Field(() => PageInfo, { description: 'Where this page lies in the list.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Entries matching the arguments, on all pages.' })
  totalCount!: number;
}
