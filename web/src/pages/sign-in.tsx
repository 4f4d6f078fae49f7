import { useState, type FormEvent } from 'react';

export function SignIn(props: { onSignIn: (key: string) => Promise<void>; error: string | null }) {
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    void props.onSignIn(key.trim()).finally(() => setBusy(false));
  };
  return (
    <main className="sign-in">
      <h1>Supervisor console</h1>
      <p>
        CIM Transcript &amp; Audit Store. Sign in with an API key; it is kept for this tab only.
      </p>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          required
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        <button type="submit" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
      </form>
      {props.error && (
        <p role="alert" className="error">
          {props.error}
        </p>
      )}
    </main>
  );
}
