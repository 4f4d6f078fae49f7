import { Field, Float, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from '../../common/json.scalar.js';

@ObjectType({
  description:
    'A media or file attachment (IMAGE, VIDEO, AUDIO, FILE, DOCUMENT, STICKER), or one attached to an EMAIL.',
})
export class Attachment {
  @Field(() => String, { nullable: true, description: 'Where the file can be fetched.' })
  mediaUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'MIME type, such as image/png.' })
  mimeType!: string | null;

  @Field(() => Float, { nullable: true, description: 'Size in bytes.' })
  size!: number | null;

  @Field(() => String, { nullable: true, description: 'File name.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'URL of a preview image.' })
  thumbnail!: string | null;

  @Field(() => String, { nullable: true, description: 'Text sent with the file.' })
  caption!: string | null;
}

@ObjectType({ description: 'A button offered in a BUTTON message or a carousel card.' })
export class MessageButton {
  @Field(() => String, { nullable: true, description: 'The label shown.' })
  title!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What the button sends back when pressed.',
  })
  payload!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The button kind as the channel names it (postback, url, ...).',
  })
  type!: string | null;

  @Field(() => String, { nullable: true, description: 'The link a URL button opens.' })
  url!: string | null;
}

@ObjectType({ description: 'One card of a CAROUSEL.' })
export class CarouselCard {
  @Field(() => String, { nullable: true, description: 'Card title.' })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'Text under the title.' })
  subtitle!: string | null;

  @Field(() => String, { nullable: true, description: 'URL of the card image.' })
  imageUrl!: string | null;

  @Field(() => [MessageButton], { description: 'Buttons on the card; empty when none.' })
  buttons!: MessageButton[];
}

@ObjectType({ description: 'A place shared in a LOCATION message.' })
export class Location {
  @Field(() => Float, { nullable: true, description: 'Degrees north (WGS 84).' })
  latitude!: number | null;

  @Field(() => Float, { nullable: true, description: 'Degrees east (WGS 84).' })
  longitude!: number | null;

  @Field(() => String, { nullable: true, description: 'Name or label of the place.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Postal address.' })
  address!: string | null;
}

@ObjectType({ description: 'A contact card shared in a CONTACT message.' })
export class Contact {
  @Field(() => String, { nullable: true, description: 'Name on the card.' })
  name!: string | null;

  @Field(() => [String], { description: 'Phone numbers; empty when none.' })
  phones!: string[];

  @Field(() => [String], { description: 'E-mail addresses; empty when none.' })
  emails!: string[];
}

@ObjectType({ description: 'A shared link (URL body).' })
export class LinkPreview {
  @Field(() => String, { nullable: true, description: 'The link.' })
  url!: string | null;

  @Field(() => String, { nullable: true, description: 'Title of the linked page.' })
  title!: string | null;

  @Field(() => String, { nullable: true, description: 'Summary or caption of the link.' })
  description!: string | null;
}

@ObjectType({ description: 'An e-mail carried by an EMAIL message.' })
export class Email {
  @Field(() => String, { nullable: true, description: 'Subject line.' })
  subject!: string | null;

  @Field(() => [String], { description: 'Recipient addresses.' })
  to!: string[];

  @Field(() => [String], { description: 'Copy recipient addresses.' })
  cc!: string[];

  @Field(() => [Attachment], { description: 'Files attached to the e-mail.' })
  attachments!: Attachment[];
}

@ObjectType({ description: 'A pre-approved message template (TEMPLATE), as WhatsApp uses.' })
export class Template {
  @Field(() => String, { nullable: true, description: 'Template name or id.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Language code of the template.' })
  language!: string | null;

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Parameters or components filled in, as received.',
  })
  parameters!: unknown;
}

@ObjectType({ description: 'Wrap-up applied by an agent: codes chosen and notes.' })
export class WrapUp {
  @Field(() => [String], { description: 'Wrap-up codes (dispositions) chosen.' })
  codes!: string[];

  @Field(() => String, { nullable: true, description: 'Free-text wrap-up notes.' })
  notes!: string | null;
}

@ObjectType({
  description:
    'The message body in typed fields: the one that matches `type` is set. `body` is the body as received (also for types not known here).',
})
export class MessageContent {
  @Field(() => Attachment, {
    nullable: true,
    description: 'IMAGE, VIDEO, AUDIO, FILE, DOCUMENT and STICKER messages.',
  })
  attachment!: Attachment | null;

  @Field(() => [MessageButton], { nullable: true, description: 'BUTTON messages.' })
  buttons!: MessageButton[] | null;

  @Field(() => [CarouselCard], { nullable: true, description: 'CAROUSEL messages.' })
  cards!: CarouselCard[] | null;

  @Field(() => Location, { nullable: true, description: 'LOCATION messages.' })
  location!: Location | null;

  @Field(() => [Contact], { nullable: true, description: 'CONTACT messages.' })
  contacts!: Contact[] | null;

  @Field(() => LinkPreview, { nullable: true, description: 'URL messages.' })
  link!: LinkPreview | null;

  @Field(() => Email, { nullable: true, description: 'EMAIL messages.' })
  email!: Email | null;

  @Field(() => Template, { nullable: true, description: 'TEMPLATE messages.' })
  template!: Template | null;

  @Field(() => WrapUp, { nullable: true, description: 'WRAPUP messages.' })
  wrapUp!: WrapUp | null;

  @Field(() => GraphQLJSON, {
    description: 'The message body (`data.body`) as received, whatever its type.',
  })
  body!: unknown;
}
