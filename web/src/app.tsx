import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { Router } from 'wouter';
import { AccessContext, accessOf, type Access } from './access';
import { createClient } from './client';
import { ViewerQuery } from './operations';
import { Shell } from './shell';
import { SignIn } from './pages/sign-in';
import { forgetKey, storedKey, storedViewer, storeKey } from './session';

type SignInResult = { access: Access } | { error: string; refused: boolean };

/** Asks the service who the key is; a wrong key or an unreachable service is said plainly. */
export async function signInWith(key: string): Promise<SignInResult> {
  const result = await createClient(key).query(ViewerQuery, {}).toPromise();
  const viewer = result.data?.viewer;
  if (viewer) return { access: accessOf(key, viewer.name, viewer.scopes) };
  const code = result.error?.graphQLErrors[0]?.extensions?.code;
  if (code === 'UNAUTHENTICATED')
    return { error: 'The service does not know this API key.', refused: true };
  return { error: `Could not sign in: ${result.error?.message ?? 'no answer'}`, refused: false };
}

/** A reload in the same tab draws at once from what sessionStorage holds, then checks the key. */
function restored(): Access | null {
  const key = storedKey();
  const viewer = storedViewer();
  return key && viewer ? accessOf(key, viewer.name, viewer.scopes) : null;
}

export function App() {
  const [access, setAccess] = useState<Access | null>(restored);
  const [error, setError] = useState<string | null>(null);

  const apply = useCallback((key: string, result: SignInResult) => {
    if ('access' in result) {
      storeKey(key, { name: result.access.name, scopes: result.access.scopes });
      setAccess((current) =>
        current && sameAccess(current, result.access) ? current : result.access,
      );
      setError(null);
    } else if (result.refused || !storedKey()) {
      forgetKey();
      setAccess(null);
      setError(result.error);
    }
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

function sameAccess(a: Access, b: Access): boolean {
  return a.key === b.key && a.name === b.name && a.scopes.join() === b.scopes.join();
}
