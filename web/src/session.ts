/**
 * The API key lives in this tab's sessionStorage only: never in a URL, a cookie or localStorage.
 * The GraphQL IDE page reads it from the same place.
 */
const KEY = 'cim-console-api-key';

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY);
}

export function storeKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(KEY);
}

export function authHeader(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}
