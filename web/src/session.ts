/**
 * The API key lives in this tab's sessionStorage only: never in a URL, a cookie or localStorage.
 * The GraphQL IDE page reads it from the same place.
 */
const KEY = 'cim-console-api-key';
const VIEWER = 'cim-console-viewer';

/** The key's name and scopes as last confirmed by the service, to draw the page at once. */
export interface StoredViewer {
  name: string;
  scopes: string[];
}

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storedViewer(): StoredViewer | null {
  try {
    const viewer = JSON.parse(sessionStorage.getItem(VIEWER) ?? 'null') as StoredViewer | null;
    return viewer && typeof viewer.name === 'string' && Array.isArray(viewer.scopes)
      ? viewer
      : null;
  } catch {
    return null;
  }
}

export function storeKey(key: string, viewer: StoredViewer): void {
  sessionStorage.setItem(KEY, key);
  sessionStorage.setItem(VIEWER, JSON.stringify(viewer));
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(VIEWER);
}

export function authHeader(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}
