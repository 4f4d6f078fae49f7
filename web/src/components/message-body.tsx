import { formatBytes, safeUrl } from '../format';
import type { MessageFieldsFragment } from '../gql/graphql';

type Content = MessageFieldsFragment['content'];
type Attachment = NonNullable<Content['attachment']>;

/** Every body type the service types, and the raw body for any other. */
export function MessageBody({ message }: { message: MessageFieldsFragment }) {
  const c = message.content;
  const known =
    c.attachment ??
    c.buttons ??
    c.cards ??
    c.location ??
    c.contacts ??
    c.link ??
    c.email ??
    c.template ??
    c.wrapUp;
  return (
    <div className="body">
      {message.text && (
        <p dir="auto" className="text">
          {message.text}
        </p>
      )}
      {c.attachment && <AttachmentLink attachment={c.attachment} />}
      {c.buttons && (
        <ul className="buttons" aria-label="Buttons">
          {c.buttons.map((b, i) => (
            <li key={i} dir="auto">
              {b.title ?? b.payload ?? 'button'}
              {b.url && (
                <>
                  {' — '}
                  <LinkOrText url={b.url} label={b.url} />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {c.cards && (
        <ul className="cards" aria-label="Cards">
          {c.cards.map((card, i) => (
            <li key={i} className="card">
              <strong dir="auto">{card.title ?? 'Card'}</strong>
              {card.subtitle && <span dir="auto">{card.subtitle}</span>}
              {card.imageUrl && <LinkOrText url={card.imageUrl} label="Card image" />}
              {card.buttons.length > 0 && (
                <span className="card-buttons">
                  Buttons: {card.buttons.map((b) => b.title ?? b.url ?? 'button').join(', ')}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {c.location && (
        <p className="location">
          Location: <span dir="auto">{c.location.name ?? 'unnamed place'}</span>
          {c.location.address && (
            <>
              , <span dir="auto">{c.location.address}</span>
            </>
          )}
          {c.location.latitude !== null && c.location.longitude !== null && (
            <>
              {' '}
              ({c.location.latitude}, {c.location.longitude})
            </>
          )}
        </p>
      )}
      {c.contacts && (
        <ul className="contacts" aria-label="Contacts">
          {c.contacts.map((contact, i) => (
            <li key={i}>
              Contact: <span dir="auto">{contact.name ?? 'unnamed'}</span>
              {contact.phones.length > 0 && <> · {contact.phones.join(', ')}</>}
              {contact.emails.length > 0 && <> · {contact.emails.join(', ')}</>}
            </li>
          ))}
        </ul>
      )}
      {c.link && (
        <p className="link">
          Link:{' '}
          {c.link.url ? <LinkOrText url={c.link.url} label={c.link.title ?? c.link.url} /> : '—'}
          {c.link.description && <span dir="auto"> — {c.link.description}</span>}
        </p>
      )}
      {c.email && (
        <div className="email">
          <p>
            E-mail: <strong dir="auto">{c.email.subject ?? '(no subject)'}</strong>
          </p>
          <p>
            To {c.email.to.join(', ') || '—'}
            {c.email.cc.length > 0 && <>; cc {c.email.cc.join(', ')}</>}
          </p>
          {c.email.attachments.map((a, i) => (
            <AttachmentLink key={i} attachment={{ ...a, caption: null }} />
          ))}
        </div>
      )}
      {c.template && (
        <p className="template">
          Template {c.template.name ?? '(unnamed)'}
          {c.template.language && <> ({c.template.language})</>}
        </p>
      )}
      {c.wrapUp && (
        <p className="wrapup">
          Wrap-up: {c.wrapUp.codes.join(', ') || 'no codes'}
          {c.wrapUp.notes && <span dir="auto"> — {c.wrapUp.notes}</span>}
        </p>
      )}
      {!known && !message.text && (
        <pre className="raw" dir="auto">
          {JSON.stringify(c.body, null, 2)}
        </pre>
      )}
    </div>
  );
}

function AttachmentLink({ attachment: a }: { attachment: Attachment }) {
  const label = a.name ?? 'file';
  return (
    <p className="attachment">
      <LinkOrText url={a.mediaUrl} label={label} />{' '}
      <span className="meta">
        ({a.mimeType ?? 'type unknown'}, {formatBytes(a.size)})
      </span>
      {a.caption && (
        <span dir="auto" className="caption">
          {' '}
          {a.caption}
        </span>
      )}
    </p>
  );
}

function LinkOrText({ url, label }: { url: string | null | undefined; label: string }) {
  const href = safeUrl(url);
  if (!href) return <span dir="auto">{label}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" dir="auto">
      {label}
    </a>
  );
}
