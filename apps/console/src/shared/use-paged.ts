import { useCallback, useEffect, useState } from 'react';
import { get, type Page } from '../api.js';

/**
 * A paged list (`{items, nextCursor}`, and `total` where the list counts it): the first page
 * whenever `path` changes, then `more()` appends the next one until the cursor runs out.
 */
export function usePaged<T>(path: string) {
  const [state, setState] = useState<{
    items: T[];
    next: string | null;
    total?: number;
    loading: boolean;
    error?: unknown;
  }>({
    items: [],
    next: null,
    loading: true,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    get<Page<T> & { total?: number }>(path).then(
      (page) => current && setState({ items: page.items, next: page.nextCursor, total: page.total, loading: false }),
      (error: unknown) => current && setState({ items: [], next: null, loading: false, error }),
    );
    return () => {
      current = false;
    };
  }, [path, round]);
  const more = useCallback(async () => {
    if (!state.next) return;
    const separator = path.includes('?') ? '&' : '?';
    try {
      const page = await get<Page<T>>(`${path}${separator}cursor=${encodeURIComponent(state.next)}`);
      setState((previous) => ({ ...previous, items: [...previous.items, ...page.items], next: page.nextCursor }));
    } catch (error) {
      setState((previous) => ({ ...previous, error }));
    }
  }, [path, state.next]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { ...state, more, reload };
}
