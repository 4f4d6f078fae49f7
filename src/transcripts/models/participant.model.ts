import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ParticipantType } from './enums.js';

@ObjectType({ description: 'Someone or something taking part in a conversation.' })
export class Participant {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => ParticipantType)
  type!: ParticipantType;
}
