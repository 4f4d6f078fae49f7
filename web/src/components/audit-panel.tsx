import { useState } from 'react';
import { useQuery } from 'urql';
import { AuditQuery, OriginalEventQuery } from '../operations';

/** audit:read keys: the hash chain's verification. */
export function AuditPanel({ id }: { id: string }) {
  const [{ data, error }] = useQuery({ query: AuditQuery, variables: { id } });
  const v = data?.verifyAuditLog;
  return (
    <section aria-labelledby="audit-heading" className="panel">
      <h2 id="audit-heading">Audit chain</h2>
      {error && <p className="error">{error.message}</p>}
      {v && (
        <p className={v.ok ? 'ok' : 'error'} data-testid="audit-result">
          {v.ok
            ? `Verified: all ${v.checkedEvents} stored events match their chain.`
            : `Broken at event ${v.firstBrokenEventId ?? '?'} (${v.checkedEvents} checked).`}
        </p>
      )}
    </section>
  );
}

/** The event exactly as received, loaded when opened. */
export function OriginalEvent({ eventId }: { eventId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="original" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Original event</summary>
      {open && <OriginalEventJson eventId={eventId} />}
    </details>
  );
}

function OriginalEventJson({ eventId }: { eventId: string }) {
  const [{ data, error, fetching }] = useQuery({
    query: OriginalEventQuery,
    variables: { id: eventId },
  });
  if (fetching) return <p>Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  return <pre className="raw">{JSON.stringify(data?.originalEvent, null, 2)}</pre>;
}
