import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '#libs/auth';
import { matchTerms } from './term-matching.js';

/** A process may check against a list up to this old after another process changed it. */
const CACHE_MS = 5_000;

/** The administered list of life-safety terms, and the check of a text against it. */
@Injectable()
export class LifeSafetyTerms {
  private cached?: { terms: string[]; at: number };

  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<string[]> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.terms;
    const rows = await this.dataSource.query<Array<{ term: string }>>(
      'SELECT term FROM intake.life_safety_terms ORDER BY term',
    );
    this.cached = { terms: rows.map((row) => row.term), at: Date.now() };
    return this.cached.terms;
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
    const terms = await this.list();
    return texts.some((text) => text && matchTerms(text, terms).length > 0);
  }
}
