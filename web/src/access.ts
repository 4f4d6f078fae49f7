import { createContext, useContext } from 'react';

/** What the signed-in key may do, from `viewer { scopes }`. */
export interface Access {
  key: string;
  name: string;
  scopes: string[];
  /** transcripts:agent: whispers, timelines, collaboration, the customer view too. */
  agent: boolean;
  /** transcripts:customer (or agent): the customer view. */
  transcripts: boolean;
  reports: boolean;
  audit: boolean;
}

export function accessOf(key: string, name: string, scopes: string[]): Access {
  const agent = scopes.includes('transcripts:agent');
  return {
    key,
    name,
    scopes,
    agent,
    transcripts: agent || scopes.includes('transcripts:customer'),
    reports: scopes.includes('reports:read'),
    audit: scopes.includes('audit:read'),
  };
}

export const AccessContext = createContext<Access | null>(null);

export function useAccess(): Access {
  const access = useContext(AccessContext);
  if (!access) throw new Error('useAccess outside a signed-in console');
  return access;
}
