import { Field, Float, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '../../common/json.scalar.js';

@ObjectType({ description: 'A media or file attachment (IMAGE, VIDEO, AUDIO, FILE, STICKER).' })
export class Attachment {
  @Field(() => String, { nullable: true }) mediaUrl!: string | null;
  @Field(() => String, { nullable: true }) mimeType!: string | null;
  @Field(() => Float, { nullable: true, description: 'Bytes.' }) size!: number | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) thumbnail!: string | null;
  @Field(() => String, { nullable: true }) caption!: string | null;
}

@ObjectType()
export class MessageButton {
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) payload!: string | null;
  @Field(() => String, { nullable: true }) type!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
}

@ObjectType({ description: 'One card of a CAROUSEL.' })
export class CarouselCard {
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) subtitle!: string | null;
  @Field(() => String, { nullable: true }) imageUrl!: string | null;
  @Field(() => [MessageButton]) buttons!: MessageButton[];
}

@ObjectType()
export class Location {
  @Field(() => Float, { nullable: true }) latitude!: number | null;
  @Field(() => Float, { nullable: true }) longitude!: number | null;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) address!: string | null;
}

@ObjectType()
export class Contact {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => [String]) phones!: string[];
  @Field(() => [String]) emails!: string[];
}

@ObjectType({ description: 'A shared link (URL body).' })
export class LinkPreview {
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType()
export class Email {
  @Field(() => String, { nullable: true }) subject!: string | null;
  @Field(() => [String]) to!: string[];
  @Field(() => [String]) cc!: string[];
  @Field(() => [Attachment]) attachments!: Attachment[];
}

@ObjectType()
export class Template {
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) language!: string | null;
  @Field(() => GraphQLJSON, { nullable: true }) parameters!: unknown;
}

@ObjectType({ description: 'Wrap-up applied by an agent: codes chosen and notes.' })
export class WrapUp {
  @Field(() => [String]) codes!: string[];
  @Field(() => String, { nullable: true }) notes!: string | null;
}

@ObjectType({
  description:
    'The message body in typed fields: the one that matches `type` is set. `body` is the body as received (also for types not known here).',
})
export class MessageContent {
  @Field(() => Attachment, { nullable: true }) attachment!: Attachment | null;
  @Field(() => [MessageButton], { nullable: true }) buttons!: MessageButton[] | null;
  @Field(() => [CarouselCard], { nullable: true }) cards!: CarouselCard[] | null;
  @Field(() => Location, { nullable: true }) location!: Location | null;
  @Field(() => [Contact], { nullable: true }) contacts!: Contact[] | null;
  @Field(() => LinkPreview, { nullable: true }) link!: LinkPreview | null;
  @Field(() => Email, { nullable: true }) email!: Email | null;
  @Field(() => Template, { nullable: true }) template!: Template | null;
  @Field(() => WrapUp, { nullable: true }) wrapUp!: WrapUp | null;
  @Field(() => GraphQLJSON) body!: unknown;
}
