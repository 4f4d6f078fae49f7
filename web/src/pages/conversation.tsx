import { useQuery } from 'urql';
import { Link, useSearchParams } from 'wouter';
import { useAccess } from '../access';
import { AgentPanels } from '../components/agent-panels';
import { AuditPanel, OriginalEvent } from '../components/audit-panel';
import { ExportButton } from '../components/export-button';
import { MessageBody } from '../components/message-body';
import { formatTime } from '../format';
import type { MessageFieldsFragment } from '../gql/graphql';
import { ConversationQuery } from '../operations';

const FORMATS = ['json', 'csv', 'txt', 'pdf'] as const;

/**
 * One conversation. An agent key sees everything and may switch to the customer view, which is the
 * service's CUSTOMER view (not filtered here); a customer key only ever asks for the CUSTOMER view.
 */
export function ConversationPage({ id }: { id: string }) {
  const access = useAccess();
  const [params, setParams] = useSearchParams();
  const customerView = !access.agent || params.get('view') === 'customer';
  const view = customerView ? 'CUSTOMER' : 'AGENT';
  const [{ data, fetching, error }] = useQuery({
    query: ConversationQuery,
    variables: { id, view },
  });
  const conversation = data?.conversation;
  const toggle = () => {
    const next = new URLSearchParams(params);
    if (customerView) next.delete('view');
    else next.set('view', 'customer');
    setParams(next);
  };
  return (
    <>
      <p className="crumbs">
        <Link href="/">Conversations</Link> /
      </p>
      <h1 tabIndex={-1}>Conversation {id}</h1>
      {access.agent && (
        <p className="view-switch">
          <button type="button" aria-pressed={customerView} onClick={toggle}>
            Customer view
          </button>{' '}
          <span>
            {customerView
              ? 'Showing exactly what the customer saw.'
              : 'Showing everything, whispers included.'}
          </span>
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      {!conversation && !fetching && !error && <p role="alert">No such conversation.</p>}
      {conversation && (
        <>
          <dl className="facts">
            <dt>Channel</dt>
            <dd>
              {conversation.channel
                ? `${conversation.channel.name ?? conversation.channel.id} (${conversation.channel.channelType ?? '?'})`
                : '—'}
            </dd>
            <dt>Customer</dt>
            <dd>{conversation.customer?.name ?? conversation.customer?.id ?? '—'}</dd>
            <dt>First / last (UTC)</dt>
            <dd>
              {formatTime(conversation.firstEventAt)} – {formatTime(conversation.lastEventAt)}
            </dd>
            <dt>Messages</dt>
            <dd>{conversation.transcript.messages.length}</dd>
          </dl>
          <div className="exports" role="group" aria-label="Export">
            Export:{' '}
            {(access.agent ? (['agent', 'customer'] as const) : (['customer'] as const)).flatMap(
              (v) =>
                FORMATS.map((format) => (
                  <ExportButton
                    key={`${v}-${format}`}
                    path={`/exports/conversations/${encodeURIComponent(id)}?view=${v}&format=${format}`}
                    fileName={`${id}-${v}.${format}`}
                    label={`${format.toUpperCase()} (${v} view)`}
                  />
                )),
            )}
          </div>
          <div className="conversation-layout">
            <section aria-label="Transcript" className="transcript">
              <h2>Transcript{customerView ? ' (customer view)' : ''}</h2>
              <ol className="messages">
                {conversation.transcript.messages.map((m) => (
                  <Message key={m.eventId} message={m} audit={access.audit} />
                ))}
              </ol>
            </section>
            {((access.agent && !customerView) || access.audit) && (
              <aside className="side" aria-label="Details">
                {/* The customer view shows nothing of the agents' side, collaboration included. */}
                {access.agent && !customerView && (
                  <AgentPanels id={id} messages={conversation.transcript.messages} />
                )}
                {access.audit && <AuditPanel id={id} />}
              </aside>
            )}
          </div>
        </>
      )}
    </>
  );
}

function Message({ message: m, audit }: { message: MessageFieldsFragment; audit: boolean }) {
  const hidden = m.visibility === 'AGENTS_ONLY';
  const side = m.sender.type === 'CUSTOMER' ? 'from-customer' : 'from-agent';
  const badge = m.eventName === 'WHISPER_MESSAGE' ? 'Whisper' : 'Agent-only';
  return (
    <li className={`message ${side}${hidden ? ' whisper' : ''}`}>
      <div className="meta">
        <strong>{m.sender.name ?? m.sender.id}</strong>{' '}
        <span className="sender-type">{m.sender.type.toLowerCase()}</span>{' '}
        <time dateTime={m.timestamp}>{formatTime(m.timestamp)}</time>
        {hidden && <span className="badge">{badge}</span>}
        {m.type !== 'PLAIN' && <span className="type">{m.type}</span>}
        {m.deliveryStatus && <span className="status">{m.deliveryStatus.toLowerCase()}</span>}
        {m.erased && <span className="badge erased">Erased</span>}
      </div>
      {m.erased ? (
        <p className="erased-note">Its content was erased; the audit log keeps its hash.</p>
      ) : (
        <MessageBody message={m} />
      )}
      {audit && <OriginalEvent eventId={m.eventId} />}
    </li>
  );
}
