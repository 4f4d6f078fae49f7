import { useQuery } from 'urql';
import { Link, useSearchParams } from 'wouter';
import { Pager } from '../components/pager';
import { formatTime } from '../format';
import { AccessLogQuery } from '../operations';

const PAGE = 50;

/** audit:read keys: recorded full-agent reads and exports, newest first. */
export function AccessLogPage() {
  const [params, setParams] = useSearchParams();
  const after = params.get('after');
  const before = params.get('before');
  const [{ data, error, fetching }] = useQuery({
    query: AccessLogQuery,
    variables: before ? { last: PAGE, before, first: null } : { first: PAGE, after },
  });
  const log = data?.accessLog;
  const go = (cursor: Record<string, string>) => setParams(new URLSearchParams(cursor));
  return (
    <>
      <h1 tabIndex={-1}>Access log</h1>
      <p>Every full-agent read and every export, newest first.</p>
      {error && (
        <p role="alert" className="error">
          {error.message}
        </p>
      )}
      <div aria-live="polite" className="count">
        {log ? `${log.totalCount} entries` : fetching ? 'Loading…' : ''}
      </div>
      {log && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Key</th>
              <th scope="col">Operation</th>
              <th scope="col">View</th>
              <th scope="col">Conversations</th>
              <th scope="col">Request id</th>
            </tr>
          </thead>
          <tbody>
            {log.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>{formatTime(node.at)}</td>
                <td>{node.keyName}</td>
                <td>{node.operation}</td>
                <td>{node.view ?? '—'}</td>
                <td>
                  {node.conversationIds.slice(0, 5).map((id, i) => (
                    <span key={id}>
                      {i > 0 && ', '}
                      <Link href={`/conversations/${encodeURIComponent(id)}`}>{id}</Link>
                    </span>
                  ))}
                  {node.conversationIds.length > 5 &&
                    ` and ${node.conversationIds.length - 5} more`}
                </td>
                <td>
                  <code>{node.requestId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log && <Pager page={log.pageInfo} onPage={go} />}
    </>
  );
}
