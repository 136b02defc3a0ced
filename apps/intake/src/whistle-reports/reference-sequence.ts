import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Reports' references, or tips' (numbered on their own, so neither reveals how many of the other there are). */
export type Series = 'reference' | 'tip_reference';

/**
 * The counter in each year's references, from a Postgres sequence per year. A sequence never makes
 * concurrent reports wait for each other, where one counter row would serialise every submission
 * behind the one before it until commit. The price: a report that rolls back leaves a gap.
 */
@Injectable()
export class ReferenceSequence {
  private readonly ready = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Makes the year's sequence on first use. Call it outside the report's transaction: inside, it
   * would wait for a second pool connection while holding one, and a burst of first reports would
   * hold every connection and wait forever. Processes racing to make it is harmless.
   */
  async ensure(year: number, series: Series = 'reference'): Promise<void> {
    const name = `${series}_${year}`;
    if (this.ready.has(name)) return;
    // Made by the schema owner's function: intake's own database role may not create objects.
    await this.dataSource.query('SELECT intake.ensure_reference_sequence($1)', [name]).catch(async (error) => {
      const [row] = await this.dataSource.query<Array<{ s: string | null }>>(
        `SELECT to_regclass('intake.${name}') AS s`,
      );
      if (!row?.s) throw error;
    });
    this.ready.add(name);
  }

  /** The next number of the year, inside the report's transaction; {@link ensure} must have run. */
  async next(manager: EntityManager, year: number, series: Series = 'reference'): Promise<number> {
    const [{ n }]: Array<{ n: string }> = await manager.query(`SELECT nextval('intake.${series}_${year}') AS n`);
    return Number(n);
  }

  /** The next number of each given year, in order, in one statement (a group commit's reports). */
  async nextMany(manager: EntityManager, years: readonly number[], series: Series = 'reference'): Promise<number[]> {
    const rows = await manager.query<Array<{ n: string }>>(
      `SELECT nextval(format('intake.%s_%s', $2::text, y)::regclass) AS n
         FROM unnest($1::int[]) WITH ORDINALITY AS u(y, i) ORDER BY i`,
      [years, series],
    );
    return rows.map((row) => Number(row.n));
  }
}
