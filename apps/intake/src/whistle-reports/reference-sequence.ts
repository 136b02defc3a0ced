import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * The counter in each year's references, from a Postgres sequence per year (made on first use).
 * A sequence never makes concurrent reports wait for each other, where one counter row would
 * serialise every submission behind the one before it until commit. The price: a report that rolls
 * back leaves a gap in the numbers.
 */
@Injectable()
export class ReferenceSequence {
  private readonly ready = new Set<number>();

  constructor(private readonly dataSource: DataSource) {}

  async next(manager: EntityManager, year: number): Promise<number> {
    if (!this.ready.has(year)) {
      // Outside the report's transaction, and racing other processes harmlessly.
      await this.dataSource.query(`CREATE SEQUENCE IF NOT EXISTS intake.reference_${year}`).catch(async (error) => {
        const [exists] = await this.dataSource.query<unknown[]>(`SELECT to_regclass('intake.reference_${year}') AS s`);
        if (!(exists as { s: string | null }).s) throw error;
      });
      this.ready.add(year);
    }
    const [{ n }]: Array<{ n: string }> = await manager.query(`SELECT nextval('intake.reference_${year}') AS n`);
    return Number(n);
  }
}
