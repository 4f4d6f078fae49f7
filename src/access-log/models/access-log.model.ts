import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../../common/models/page-info.model.js';

@ObjectType({ description: 'One recorded read: a full-agent GraphQL read or an export.' })
export class AccessLogEntry {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'When the read happened.' })
  at!: Date;

  @Field({ description: 'Name of the API key that read.' })
  keyName!: string;

  @Field({ description: 'graphql:conversation, graphql:conversations, export:conversation, ...' })
  operation!: string;

  @Field(() => String, { nullable: true, description: 'CUSTOMER or AGENT.' })
  view!: string | null;

  @Field(() => [ID])
  conversationIds!: string[];

  @Field({ description: 'X-Request-Id of the request (generated when the client sent none).' })
  requestId!: string;

  @Field(() => String, { nullable: true, description: 'Parameters of the read, as JSON.' })
  details!: string | null;
}

@ObjectType()
export class AccessLogEdge {
  @Field()
  cursor!: string;

  @Field(() => AccessLogEntry)
  node!: AccessLogEntry;
}

@ObjectType()
export class AccessLogConnection {
  @Field(() => [AccessLogEdge])
  edges!: AccessLogEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int)
  totalCount!: number;
}
