import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: 'The API key making the request: what a client such as the console may offer.',
})
export class Viewer {
  @Field({ description: 'The name the key was configured with.' })
  name!: string;

  @Field(() => [String], {
    description:
      'Scopes the key holds: events:write, transcripts:customer, transcripts:agent, reports:read, audit:read.',
  })
  scopes!: string[];
}
