import { Controller } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type OrgKind, type Page, pageOf, Routes } from '#libs/contracts';
import { HttpRoute, type InputOf, RouteInput } from '../routes/http-route.js';

const { GatewayListSchools: Schools, GatewayListUnits: Units } = Routes;
type ListOrganisations = InputOf<typeof Schools>;

interface OrganisationView {
  id: string;
  name: string;
  code: string;
  kind: OrgKind;
  retiredAt: string | null;
}

interface OrganisationRow {
  id: string;
  name: string;
  code: string;
  kind: OrgKind;
  retired_at: Date | null;
}

/**
 * The schools and units, retired ones included unless `active` says otherwise: cases, tasks and grades
 * of the past still name them; a picker of new work asks for `active=true`.
 */
@Controller()
export class DirectoryController {
  constructor(private readonly dataSource: DataSource) {}

  @HttpRoute(Schools)
  schools(@RouteInput(Schools) query: ListOrganisations) {
    return this.list('school', query);
  }

  /** Units are the departments cases are assigned to. */
  @HttpRoute(Units)
  units(@RouteInput(Units) query: ListOrganisations) {
    return this.list('department', query);
  }

  private async list(kind: OrgKind, { cursor, limit, active }: ListOrganisations): Promise<Page<OrganisationView>> {
    const params: unknown[] = [kind, limit + 1];
    const where = ['kind = $1'];
    if (active !== undefined) where.push(`retired_at IS ${active ? '' : 'NOT '}NULL`);
    if (cursor) where.push(`code > $${params.push(cursor[0])}`);
    const rows: OrganisationRow[] = await this.dataSource.query(
      `SELECT id, name, code, kind, retired_at FROM identity.organisations
        WHERE ${where.join(' AND ')} ORDER BY code LIMIT $2`,
      params,
    );
    return pageOf(
      rows,
      limit,
      (row) => [row.code],
      ({ retired_at, ...row }) => ({ ...row, retiredAt: retired_at?.toISOString() ?? null }),
    );
  }
}
