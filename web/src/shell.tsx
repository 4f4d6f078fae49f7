import { lazy, Suspense, useEffect, useRef } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useAccess } from './access';
import { AccessLogPage } from './pages/access-log';
import { ConversationPage } from './pages/conversation';
import { ConversationList } from './pages/conversation-list';

// The dashboard carries ECharts: loaded only when opened.
const Dashboard = lazy(() => import('./pages/dashboard'));

export function Shell(props: { onSignOut: () => void }) {
  const access = useAccess();
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  // After a navigation, focus the page so keyboard and screen-reader users start at its top.
  useEffect(() => {
    main.current?.querySelector('h1')?.focus();
  }, [location]);
  const current = (path: string) =>
    (path === '/' ? location === '/' || location.startsWith('/conversations') : location === path)
      ? 'page'
      : undefined;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">CIM supervisor console</span>
        <nav aria-label="Main">
          {access.transcripts && (
            <Link href="/" aria-current={current('/')}>
              Conversations
            </Link>
          )}
          {access.reports && (
            <Link href="/reports" aria-current={current('/reports')}>
              Reports
            </Link>
          )}
          {access.audit && (
            <Link href="/access-log" aria-current={current('/access-log')}>
              Access log
            </Link>
          )}
          <a href="/console/graphiql">GraphQL IDE</a>
        </nav>
        <span className="who">
          Key <strong>{access.name}</strong> ({access.scopes.join(', ')})
        </span>
        <button type="button" onClick={props.onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main}>
        <Switch>
          <Route path="/conversations/:id">
            {(params) => (
              <Guarded allowed={access.transcripts} page={<ConversationPage id={params.id} />} />
            )}
          </Route>
          <Route path="/reports">
            <Guarded
              allowed={access.reports}
              page={
                <Suspense fallback={<p className="loading">Loading charts…</p>}>
                  <Dashboard />
                </Suspense>
              }
            />
          </Route>
          <Route path="/access-log">
            <Guarded allowed={access.audit} page={<AccessLogPage />} />
          </Route>
          <Route path="/">{access.transcripts ? <ConversationList /> : <Home />}</Route>
          <Route>
            <h1 tabIndex={-1}>Not found</h1>
            <p>
              <Link href="/">Back to the start</Link>
            </p>
          </Route>
        </Switch>
      </main>
    </>
  );
}

function Guarded(props: { allowed: boolean; page: React.ReactNode }) {
  if (props.allowed) return props.page;
  return (
    <>
      <h1 tabIndex={-1}>Not available</h1>
      <p role="alert">This API key lacks the scope this page needs.</p>
    </>
  );
}

/** A key that cannot read transcripts: say what it can do instead. */
function Home() {
  const access = useAccess();
  const any = access.transcripts || access.reports || access.audit;
  return (
    <>
      <h1 tabIndex={-1}>Welcome, {access.name}</h1>
      {any ? (
        <p>
          This key cannot read transcripts.{' '}
          {access.reports && <Link href="/reports">Open the reports</Link>}
          {access.reports && access.audit && ' or '}
          {access.audit && <Link href="/access-log">the access log</Link>}.
        </p>
      ) : (
        <p role="alert" className="error">
          This API key has no read scope ({access.scopes.join(', ') || 'none'}): it cannot read
          transcripts, reports or the audit log. Sign out and use a key with transcripts:customer,
          transcripts:agent, reports:read or audit:read.
        </p>
      )}
    </>
  );
}
