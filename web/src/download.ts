import { authHeader } from './session';

/** Fetches a file with the key in the header (never in the URL) and saves it. */
export async function download(path: string, key: string, fileName: string): Promise<void> {
  const response = await fetch(path, { headers: authHeader(key) });
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  saveBlob(await response.blob(), fileNameOf(response) ?? fileName);
}

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function fileNameOf(response: Response): string | null {
  const header = response.headers.get('Content-Disposition') ?? '';
  return /filename="?([^";]+)"?/.exec(header)?.[1] ?? null;
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted. */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const field = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
