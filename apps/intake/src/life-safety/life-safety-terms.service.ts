import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { type TermMatcher, termMatcher } from './term-matching.js';

/** A process may check against a list up to this old after another process changed it. */
const CACHE_MS = 5_000;

/** The administered list of life-safety terms, and the check of a text against it. */
@Injectable()
export class LifeSafetyTerms {
  private cached?: { terms: string[]; matcher: TermMatcher; at: number };

  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<string[]> {
    return (await this.current()).terms;
  }

  async replace(actor: Actor, terms: string[]): Promise<{ terms: string[] }> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM intake.life_safety_terms');
      await manager.query(
        `INSERT INTO intake.life_safety_terms (term, updated_by, updated_at)
         SELECT unnest($1::text[]), $2, now()`,
        [terms, actor.userId],
      );
    });
    this.cached = undefined;
    return { terms: await this.list() };
  }

  /** Whether any of the texts names a life-safety term (the terms matched are never logged or sent). */
  async matches(...texts: Array<string | null | undefined>): Promise<boolean> {
    const { matcher } = await this.current();
    return texts.some((text) => text && matcher(text).length > 0);
  }

  private async current(): Promise<{ terms: string[]; matcher: TermMatcher }> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached;
    const rows = await this.dataSource.query<Array<{ term: string }>>(
      'SELECT term FROM intake.life_safety_terms ORDER BY term',
    );
    const terms = rows.map((row) => row.term);
    this.cached = { terms, matcher: termMatcher(terms), at: Date.now() };
    return this.cached;
  }
}
