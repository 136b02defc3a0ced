import type { EntityManager } from 'typeorm';
import type { Language } from '#libs/contracts';

/** The language a user reads in: theirs if set, else the county's. */
export async function readerLanguage(manager: Pick<EntityManager, 'query'>, userId: string): Promise<Language> {
  const rows = await manager.query<Array<{ language: Language }>>(
    'SELECT language FROM notify.preferences WHERE user_id = $1',
    [userId],
  );
  return rows[0]?.language ?? 'zh-CN';
}
