import { useState } from 'react';
import { useAccess } from '../access';
import { download } from '../download';

/** Downloads through fetch with the key in the header: the key never appears in a URL. */
export function ExportButton(props: { path: string; fileName: string; label: string }) {
  const access = useAccess();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = () => {
    setBusy(true);
    setError(null);
    download(props.path, access.key, props.fileName).then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e instanceof Error ? e.message : String(e));
      },
    );
  };
  return (
    <>
      <button type="button" className="export" onClick={run} disabled={busy}>
        {props.label}
      </button>
      {error && (
        <span role="alert" className="error">
          Export failed: {error}
        </span>
      )}
    </>
  );
}
