import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The counter in each year's references, from a Postgres sequence per year. A sequence never makes
 * concurrent reports wait for each other, where one counter row would serialise every submission
 * behind the one before it until commit. The price: a report that rolls back leaves a gap.
 */
@Injectable()
export class ReferenceSequence {
  private readonly ready = new Set<number>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Makes the year's sequence on first use. Call it outside the report's transaction: inside, it
   * would wait for a second pool connection while holding one, and a burst of first reports would
   * hold every connection and wait forever. Processes racing to make it is harmless.
   */
  async ensure(year: number): Promise<void> {
    if (this.ready.has(year)) return;
    await this.dataSource.query(`CREATE SEQUENCE IF NOT EXISTS intake.reference_${year}`).catch(async (error) => {
      const [row] = await this.dataSource.query<Array<{ s: string | null }>>(
        `SELECT to_regclass('intake.reference_${year}') AS s`,
      );
      if (!row?.s) throw error;
    });
    this.ready.add(year);
  }

  /** The next number of the year, inside the report's transaction; {@link ensure} must have run. */
  async next(manager: EntityManager, year: number): Promise<number> {
    const [{ n }]: Array<{ n: string }> = await manager.query(`SELECT nextval('intake.reference_${year}') AS n`);
    return Number(n);
  }
}
