import type { EntityManager } from 'typeorm';
import { AppError } from '#libs/errors';

export interface Uploader {
  kind: 'user' | 'tipster';
  /** The user's id, or the tip's for a tipster. */
  id: string;
}

/**
 * Attaches uploaded files to what references them, inside that thing's transaction: each must have
 * been uploaded by the same person (or tipster) and not be attached to anything yet.
 */
export async function linkAttachments(
  manager: EntityManager,
  ids: readonly string[] | undefined,
  uploader: Uploader,
  target: { kind: 'report' | 'tip' | 'message'; id: string },
): Promise<string[]> {
  if (!ids || ids.length === 0) return [];
  const result = await manager.query<unknown[]>(
    `UPDATE intake.attachments SET attached_kind = $4, attached_id = $5
      WHERE id = ANY($1::uuid[]) AND uploader_kind = $2 AND uploader_id = $3 AND attached_id IS NULL
      RETURNING id`,
    [ids, uploader.kind, uploader.id, target.kind, target.id],
  );
  if (updatedRows(result).length !== ids.length) {
    throw AppError.badRequest('names an attachment that is unknown, not yours, or already attached', 'attachmentIds');
  }
  return [...ids];
}

/** TypeORM answers an UPDATE … RETURNING on Postgres as [rows, count]; an INSERT as the rows. */
export function updatedRows<T>(result: unknown[]): T[] {
  return (Array.isArray(result[0]) ? result[0] : result) as T[];
}
