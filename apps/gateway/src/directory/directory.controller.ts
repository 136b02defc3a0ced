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
}

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

  private async list(kind: OrgKind, { cursor, limit }: ListOrganisations): Promise<Page<OrganisationView>> {
    const rows: OrganisationView[] = await this.dataSource.query(
      `SELECT id, name, code, kind FROM identity.organisations
        WHERE kind = $1 ${cursor ? 'AND code > $3' : ''} ORDER BY code LIMIT $2`,
      cursor ? [kind, limit + 1, cursor[0]] : [kind, limit + 1],
    );
    return pageOf(
      rows,
      limit,
      (row) => [row.code],
      (row) => row,
    );
  }
}
