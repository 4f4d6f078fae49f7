import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { Router } from 'wouter';
import { AccessContext, accessOf, type Access } from './access';
import { createClient } from './client';
import { ViewerQuery } from './operations';
import { Shell } from './shell';
import { SignIn } from './pages/sign-in';
import { forgetKey, storedKey, storeKey } from './session';

type SignInResult = { access: Access } | { error: string };

/** Asks the service who the key is; a wrong key or an unreachable service is said plainly. */
export async function signInWith(key: string): Promise<SignInResult> {
  const result = await createClient(key).query(ViewerQuery, {}).toPromise();
  const viewer = result.data?.viewer;
  if (viewer) return { access: accessOf(key, viewer.name, viewer.scopes) };
  const code = result.error?.graphQLErrors[0]?.extensions?.code;
  if (code === 'UNAUTHENTICATED') return { error: 'The service does not know this API key.' };
  return { error: `Could not sign in: ${result.error?.message ?? 'no answer'}` };
}

export function App() {
  const [access, setAccess] = useState<Access | null>(null);
  const [checking, setChecking] = useState(() => storedKey() !== null);
  const [error, setError] = useState<string | null>(null);

  const apply = useCallback((key: string, result: SignInResult) => {
    if ('access' in result) {
      storeKey(key);
      setAccess(result.access);
      setError(null);
    } else {
      forgetKey();
      setError(result.error);
    }
    setChecking(false);
  }, []);

  const signIn = useCallback(
    (key: string) => signInWith(key).then((result) => apply(key, result)),
    [apply],
  );

  const signOut = useCallback(() => {
    forgetKey();
    setAccess(null);
  }, []);

  useEffect(() => {
    const key = storedKey();
    if (key) void signInWith(key).then((result) => apply(key, result));
  }, [apply]);

  const client = useMemo(() => (access ? createClient(access.key) : null), [access]);

  if (checking) return <p className="loading">Signing in…</p>;
  return (
    <Router base="/console">
      {access && client ? (
        <AccessContext.Provider value={access}>
          <Provider value={client}>
            <Shell onSignOut={signOut} />
          </Provider>
        </AccessContext.Provider>
      ) : (
        <SignIn onSignIn={signIn} error={error} />
      )}
    </Router>
  );
}
