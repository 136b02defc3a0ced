import { get, type Page } from '../api.js';
import { useLoad } from './use-load.js';

export interface Organisation {
  id: string;
  name: string;
  code: string;
  kind: string;
  /** When an administrator retired it; null while in service. */
  retiredAt: string | null;
}

let cache: Promise<Organisation[]> | null = null;

/**
 * Schools and departments of the county (a few dozen: read once per sign-in, all pages), retired ones
 * too: old cases and grades still name them.
 */
async function loadDirectory(): Promise<Organisation[]> {
  const all: Organisation[] = [];
  for (const list of ['schools', 'units']) {
    let cursor: string | null = null;
    do {
      const page: Page<Organisation> = await get<Page<Organisation>>(
        `/api/directory/${list}?limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return all;
}

export function forgetDirectory(): void {
  cache = null;
}

export function useDirectory() {
  const loaded = useLoad(() => {
    cache ??= loadDirectory().catch((error: unknown) => {
      cache = null;
      throw error;
    });
    return cache;
  }, []);
  const organisations = loaded.data ?? [];
  const nameOf = (id: string | null | undefined) => organisations.find((org) => org.id === id)?.name ?? id ?? '—';
  const inService = organisations.filter((org) => !org.retiredAt);
  return {
    organisations,
    /** In service: what new work, a rule or a new user may be given to. */
    units: inService.filter((org) => org.kind === 'department'),
    schools: inService.filter((org) => org.kind === 'school'),
    /** Retired ones too: for filtering what is already there (the ledger). */
    allUnits: organisations.filter((org) => org.kind === 'department'),
    allSchools: organisations.filter((org) => org.kind === 'school'),
    nameOf,
  };
}
