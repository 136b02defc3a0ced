import { get, type Page } from '../api.js';
import { useLoad } from './use-load.js';

export interface Organisation {
  id: string;
  name: string;
  code: string;
  kind: string;
}

let cache: Promise<Organisation[]> | null = null;

/** Schools and departments of the county (a few dozen: read once per sign-in, all pages). */
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
  return {
    organisations,
    units: organisations.filter((org) => org.kind === 'department'),
    schools: organisations.filter((org) => org.kind === 'school'),
    nameOf,
  };
}
