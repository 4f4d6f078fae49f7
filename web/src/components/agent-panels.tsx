import { useQuery } from 'urql';
import { formatSeconds, formatTime } from '../format';
import type { AgentSideQuery as AgentSide, MessageFieldsFragment } from '../gql/graphql';
import { AgentSideQuery } from '../operations';

type Entry = NonNullable<AgentSide['timeline']>['entries'][number];
type Collaboration = NonNullable<AgentSide['conversationCollaboration']>;

/** transcripts:agent keys: the timeline and how agents worked together. */
export function AgentPanels(props: { id: string; messages: MessageFieldsFragment[] }) {
  const [{ data, error }] = useQuery({ query: AgentSideQuery, variables: { id: props.id } });
  if (error) return <p className="error">{error.message}</p>;
  if (!data) return <p className="loading">Loading timeline…</p>;
  return (
    <>
      {data.timeline && (
        <section aria-labelledby="timeline-heading" className="panel">
          <h2 id="timeline-heading">Timeline</h2>
          <p>
            {data.timeline.status === 'CLOSED'
              ? `Closed ${formatTime(data.timeline.closedAt)}`
              : 'Active'}
          </p>
          <ol className="timeline">
            {data.timeline.entries
              .filter((e) => e.kind === 'ACTIVITY')
              .map((e) => (
                <li key={e.eventId}>
                  <time dateTime={e.timestamp}>{formatTime(e.timestamp)}</time> {describe(e)}
                </li>
              ))}
          </ol>
        </section>
      )}
      {data.conversationCollaboration && (
        <CollaborationPanel
          collaboration={data.conversationCollaboration}
          messages={props.messages}
        />
      )}
    </>
  );
}

const ACTIVITY_WORDS: Record<string, string> = {
  SESSION_STARTED: 'Session started',
  SESSION_ENDED: 'Session ended',
  SESSION_EXPIRED: 'Session expired',
  AGENT_JOINED: 'joined',
  AGENT_LEFT: 'left',
  ROLE_CHANGED: 'changed role',
  BOT_JOINED: 'joined',
  BOT_LEFT: 'left',
  WRAP_UP: 'Wrap-up',
};

function describe(e: Entry): string {
  const a = e.activity;
  if (!a) return e.eventName;
  const who = a.participant ? (a.participant.name ?? a.participant.id) : null;
  const word = ACTIVITY_WORDS[a.type] ?? a.type.toLowerCase().replaceAll('_', ' ');
  const parts = [who ? `${who} ${word}` : word];
  if (a.type === 'ROLE_CHANGED') parts.push(`${a.previousRole ?? '?'} → ${a.role ?? '?'}`);
  else if (a.role) parts.push(`as ${a.role}`);
  if (a.reason) parts.push(`(reason: ${a.reason.toLowerCase()})`);
  if (a.state && !a.type.startsWith('SESSION')) parts.push(`[${a.state}]`);
  return parts.join(' ');
}

function CollaborationPanel(props: {
  collaboration: Collaboration;
  messages: MessageFieldsFragment[];
}) {
  const { agents, whisperThreads } = props.collaboration;
  const primaries = agents.filter((a) => a.roles.includes('PRIMARY'));
  const whisperers = agents.filter((a) => a.whispersSent > 0);
  const firstCustomer = props.messages.find((m) => m.sender.type === 'CUSTOMER');
  const firstThread = whisperThreads[0];
  const firstConsult =
    firstCustomer && firstThread
      ? (Date.parse(firstThread.startedAt) - Date.parse(firstCustomer.timestamp)) / 1000
      : null;
  const name = (p: { id: string; name?: string | null }) => p.name ?? p.id;
  return (
    <section aria-labelledby="collaboration-heading" className="panel">
      <h2 id="collaboration-heading">Collaboration</h2>
      <p>
        Time to first consult:{' '}
        <strong>{firstConsult === null ? 'no consult' : formatSeconds(firstConsult)}</strong>
      </p>
      <h3>Agents</h3>
      <ul>
        {agents.map((a) => (
          <li key={a.agent.id}>
            {name(a.agent)} — {a.roles.join(' → ') || 'no role'}; {a.messagesSent} sent,{' '}
            {a.whispersSent} whispers
          </li>
        ))}
      </ul>
      <h3>Who consulted whom</h3>
      {whisperers.length === 0 ? (
        <p>Nobody whispered.</p>
      ) : (
        <ul>
          {whisperers.map((w) => {
            const consulted = primaries.filter((p) => p.agent.id !== w.agent.id);
            return (
              <li key={w.agent.id}>
                {name(w.agent)} whispered {w.whispersSent}×
                {consulted.length > 0 && <> to {consulted.map((p) => name(p.agent)).join(', ')}</>}
              </li>
            );
          })}
        </ul>
      )}
      <h3>Whisper threads</h3>
      {whisperThreads.length === 0 ? (
        <p>None.</p>
      ) : (
        <ol>
          {whisperThreads.map((t) => (
            <li key={t.startedAt + t.messages[0]?.id}>
              {formatTime(t.startedAt)}–{formatTime(t.endedAt).slice(11)}: {t.messages.length}{' '}
              message{t.messages.length === 1 ? '' : 's'} by {t.agents.map(name).join(', ')}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
