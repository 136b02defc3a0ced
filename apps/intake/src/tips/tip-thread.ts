import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { FieldCipher } from '../privacy/field-cipher.js';

export interface ThreadMessage {
  id: string;
  from: 'you' | 'staff' | 'school' | 'tipster';
  text: string;
  attachmentIds: string[];
  at: string;
}

interface MessageRow {
  id: string;
  author: 'tipster' | 'school' | 'staff';
  body: string;
  attachment_ids: string[];
  sent_at: Date;
}

/** The messages of one tip's or report's thread, opened, oldest first. */
@Injectable()
export class Threads {
  constructor(private readonly cipher: FieldCipher) {}

  async read(
    manager: EntityManager,
    threadId: string,
    viewer: 'tipster' | 'school' | 'staff',
  ): Promise<ThreadMessage[]> {
    const rows = await manager.query<MessageRow[]>(
      `SELECT id, author, body, attachment_ids, sent_at FROM intake.messages
        WHERE thread_id = $1 ORDER BY sent_at, id`,
      [threadId],
    );
    return rows.map((row) => ({
      id: row.id,
      from: row.author === viewer ? 'you' : row.author,
      text: this.cipher.open('messages', 'body', row.id, row.body),
      attachmentIds: row.attachment_ids,
      at: row.sent_at.toISOString(),
    }));
  }

  async add(
    manager: EntityManager,
    message: { id: string; threadKind: 'tip' | 'report'; threadId: string; author: MessageRow['author'] },
    authorId: string | null,
    text: string,
    attachmentIds: string[],
  ): Promise<void> {
    await manager.query(
      `INSERT INTO intake.messages (id, thread_kind, thread_id, author, author_id, body, attachment_ids, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, clock_timestamp())`,
      [
        message.id,
        message.threadKind,
        message.threadId,
        message.author,
        authorId,
        this.cipher.seal('messages', 'body', message.id, text),
        attachmentIds,
      ],
    );
  }
}
