import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { Link, useSearchParams } from 'wouter';
import { useAccess } from '../access';
import { ExportButton } from '../components/export-button';
import { Pager } from '../components/pager';
import { formatTime, utcInput } from '../format';
import type { ConversationFilter } from '../gql/graphql';
import { ConversationsQuery } from '../operations';

const PAGE = 20;
const FILTERS = ['from', 'to', 'channel', 'agent', 'customer', 'whispers'] as const;

/** Newest first, filters and page position in the URL: deep links and the back button work. */
export function ConversationList() {
  const access = useAccess();
  const [params, setParams] = useSearchParams();
  const view = access.agent ? 'AGENT' : 'CUSTOMER';
  const filter = filterOf(params, access.agent);
  const after = params.get('after');
  const before = params.get('before');
  const [{ data, fetching, error }] = useQuery({
    query: ConversationsQuery,
    variables: {
      view,
      filter,
      withWhispers: access.agent,
      ...(before ? { last: PAGE, before, first: null } : { first: PAGE, after }),
    },
  });
  const connection = data?.conversations;
  const page = (cursor: { after?: string; before?: string }) => {
    const next = new URLSearchParams(params);
    next.delete('after');
    next.delete('before');
    for (const [k, v] of Object.entries(cursor)) next.set(k, v);
    setParams(next);
  };
  return (
    <>
      <h1 tabIndex={-1}>Conversations</h1>
      <Filters
        key={params.toString()}
        params={params}
        agent={access.agent}
        onApply={(next) => setParams(next)}
      />
      {filter.from && filter.to && (
        <p className="exports">
          Export this time range:{' '}
          {(access.agent ? (['agent', 'customer'] as const) : (['customer'] as const)).flatMap(
            (v) =>
              (['ndjson', 'csv'] as const).map((format) => (
                <ExportButton
                  key={`${v}-${format}`}
                  path={`/exports/transcripts?${new URLSearchParams({ from: filter.from ?? '', to: filter.to ?? '', view: v, format })}`}
                  fileName={`transcripts-${v}.${format}`}
                  label={`${format.toUpperCase()} (${v} view)`}
                />
              )),
          )}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div aria-live="polite" className="count">
        {connection
          ? `${connection.totalCount} conversation${connection.totalCount === 1 ? '' : 's'}`
          : fetching
            ? 'Loading…'
            : ''}
      </div>
      {connection && (
        <table className="list">
          <caption className="visually-hidden">Conversations, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Conversation</th>
              <th scope="col">Last activity (UTC)</th>
              <th scope="col">Channel</th>
              <th scope="col">Customer</th>
              <th scope="col">Agents</th>
              <th scope="col">Messages</th>
              {access.agent && <th scope="col">Whispers</th>}
            </tr>
          </thead>
          <tbody>
            {connection.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <Link href={`/conversations/${encodeURIComponent(node.id)}`}>{node.id}</Link>
                </td>
                <td>{formatTime(node.lastEventAt)}</td>
                <td>{node.channel ? (node.channel.name ?? node.channel.id) : '—'}</td>
                <td>{node.customer ? (node.customer.name ?? node.customer.id) : '—'}</td>
                <td>
                  {node.participants
                    .filter((p) => p.type === 'AGENT')
                    .map((p) => p.name ?? p.id)
                    .join(', ') || '—'}
                </td>
                <td className="num">{node.messageCount}</td>
                {access.agent && <td className="num">{node.whisperCount ?? '—'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {connection && <Pager page={connection.pageInfo} onPage={page} />}
    </>
  );
}

function filterOf(params: URLSearchParams, agent: boolean): ConversationFilter {
  const filter: ConversationFilter = {};
  const from = utcInput(params.get('from'));
  const to = utcInput(params.get('to'));
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (params.get('channel')) filter.channelId = params.get('channel');
  if (params.get('agent')) filter.agentId = params.get('agent');
  if (params.get('customer')) filter.customerId = params.get('customer');
  // Never sent for a customer key: the service refuses it for the customer view.
  const whispers = params.get('whispers');
  if (agent && (whispers === 'yes' || whispers === 'no')) filter.hasWhispers = whispers === 'yes';
  return filter;
}

function Filters(props: {
  params: URLSearchParams;
  agent: boolean;
  onApply: (params: URLSearchParams) => void;
}) {
  const initial = Object.fromEntries(FILTERS.map((f) => [f, props.params.get(f) ?? '']));
  const [values, setValues] = useState<Record<string, string>>(initial);
  const set = (name: string) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (values[f]) next.set(f, values[f]);
    props.onApply(next);
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Filters">
      <label>
        From (UTC)
        <input type="datetime-local" value={values.from} onChange={set('from')} />
      </label>
      <label>
        To (UTC)
        <input type="datetime-local" value={values.to} onChange={set('to')} />
      </label>
      <label>
        Channel id
        <input value={values.channel} onChange={set('channel')} />
      </label>
      <label>
        Agent id
        <input value={values.agent} onChange={set('agent')} />
      </label>
      <label>
        Customer id
        <input value={values.customer} onChange={set('customer')} />
      </label>
      {props.agent && (
        <label>
          Whispers
          <select value={values.whispers} onChange={set('whispers')}>
            <option value="">Any</option>
            <option value="yes">With whispers</option>
            <option value="no">Without whispers</option>
          </select>
        </label>
      )}
      <button type="submit">Apply filters</button>
    </form>
  );
}
