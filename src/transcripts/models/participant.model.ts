import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ParticipantType } from './enums.js';

@ObjectType({ description: 'Someone or something taking part in a conversation.' })
export class Participant {
  @Field(() => ID, { description: 'The CIM id of the agent, customer, bot or other party.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Display name; null when none is known.' })
  name!: string | null;

  @Field(() => ParticipantType, { description: 'What kind of party this is.' })
  type!: ParticipantType;
}
