import type {
  Attachment,
  CarouselCard,
  Contact,
  MessageButton,
  MessageContent,
} from './models/message-content.model.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (...values: unknown[]): string | null => {
  for (const v of values) if (typeof v === 'string' && v !== '') return v;
  return null;
};
const num = (...values: unknown[]): number | null => {
  for (const v of values) {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n === 'number' && Number.isFinite(n)) return n;
  }
  return null;
};
const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])
    .map((x) =>
      typeof x === 'string' ? x : text(obj(x).value, obj(x).address, obj(x).email, obj(x).phone),
    )
    .filter((x): x is string => x !== null);

const MEDIA_TYPES = new Set(['IMAGE', 'VIDEO', 'AUDIO', 'FILE', 'STICKER', 'DOCUMENT']);

/**
 * The CIM message body in typed fields. Pure; tolerant of the shapes channels send (missing fields
 * are null, never an error); unknown types keep only `body`.
 */
export function toMessageContent(type: string, rawBody: unknown): MessageContent {
  const body = obj(rawBody);
  const content: MessageContent = {
    attachment: null,
    buttons: null,
    cards: null,
    location: null,
    contacts: null,
    link: null,
    email: null,
    template: null,
    wrapUp: null,
    body: rawBody,
  };
  switch (type) {
    case 'BUTTON':
      content.buttons = list(body.buttons).map(toButton);
      break;
    case 'CAROUSEL':
      content.cards = list(body.cards ?? body.elements ?? body.items).map(toCard);
      break;
    case 'LOCATION': {
      const loc = obj(body.location ?? body);
      content.location = {
        latitude: num(loc.latitude, loc.lat),
        longitude: num(loc.longitude, loc.lng, loc.long),
        name: text(loc.name, loc.label, loc.title),
        address: text(loc.address),
      };
      break;
    }
    case 'CONTACT':
      content.contacts = list(body.contacts ?? (body.contact ? [body.contact] : [])).map(toContact);
      break;
    case 'URL':
      content.link = {
        url: text(body.url, body.link, obj(body.attachment).mediaUrl),
        title: text(body.title),
        description: text(body.description, body.caption),
      };
      break;
    case 'EMAIL':
      content.email = {
        subject: text(body.subject),
        to: strings(body.to),
        cc: strings(body.cc),
        attachments: list(body.attachments).map((a) => toAttachment(obj(a), null)),
      };
      break;
    case 'TEMPLATE': {
      const t = obj(body.template);
      content.template = {
        name: text(body.templateName, t.name, body.templateId),
        language: text(body.language, t.language, obj(t.language).code),
        parameters: body.parameters ?? t.parameters ?? t.components ?? null,
      };
      break;
    }
    case 'WRAPUP': {
      const wrapups = list(body.wrapups ?? body.wrapUps ?? body.wrapUpItems);
      content.wrapUp = {
        codes: wrapups
          .flatMap((w) => {
            const o = obj(w);
            const values = list(o.values ?? o.codes).map((v) => text(v, obj(v).value, obj(v).name));
            return values.length > 0 ? values : [text(o.value, o.name, o.categoryName, w)];
          })
          .filter((x): x is string => x !== null),
        notes: text(body.notes, body.note, body.wrapupNote),
      };
      break;
    }
    default:
      if (MEDIA_TYPES.has(type))
        content.attachment = toAttachment(obj(body.attachment ?? body), text(body.caption));
  }
  return content;
}

function toAttachment(a: Obj, caption: string | null): Attachment {
  return {
    mediaUrl: text(a.mediaUrl, a.url, a.link),
    mimeType: text(a.mimeType, a.mediaType, a.contentType),
    size: num(a.size, a.fileSize),
    name: text(a.name, a.fileName, a.filename),
    thumbnail: text(a.thumbnail, a.thumbnailUrl),
    caption: caption ?? text(a.caption),
  };
}

function toButton(b: unknown): MessageButton {
  const o = obj(b);
  return {
    title: text(o.title, o.label),
    payload: text(o.payload, o.value),
    type: text(o.type),
    url: text(o.url),
  };
}

function toCard(c: unknown): CarouselCard {
  const o = obj(c);
  return {
    title: text(o.title),
    subtitle: text(o.subtitle, o.description),
    imageUrl: text(
      o.imageUrl,
      o.image_url,
      obj(o.image).url,
      obj(o.attachment).mediaUrl,
      o.mediaUrl,
    ),
    buttons: list(o.buttons).map(toButton),
  };
}

function toContact(c: unknown): Contact {
  const o = obj(c);
  const name = obj(o.name);
  return {
    name: text(
      o.name,
      name.formattedName,
      name.formatted_name,
      [name.firstName, name.lastName].filter(Boolean).join(' '),
    ),
    phones: strings(o.phones ?? o.phone ?? o.phoneNumbers),
    emails: strings(o.emails ?? o.email),
  };
}
