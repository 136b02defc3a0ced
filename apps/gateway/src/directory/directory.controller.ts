import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { type OrgKind, type Page, pageOf, pageRequestShape } from '#libs/contracts';
import { ZodValidationPipe } from '#libs/errors';

/** Organisations by code (unique), a page at a time; the cursor holds the last code shown. */
const listOrganisationsRequest = z.strictObject(
  pageRequestShape(
    z.tuple([
      z
        .string()
        .min(1)
        .max(200)
        .refine((code) => !code.includes('\u0000')),
    ]),
  ),
);
type ListOrganisations = z.infer<typeof listOrganisationsRequest>;

interface OrganisationView {
  id: string;
  name: string;
  code: string;
  kind: OrgKind;
}

@Controller('api/directory')
export class DirectoryController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('schools')
  schools(@Query(new ZodValidationPipe(listOrganisationsRequest)) query: ListOrganisations) {
    return this.list('school', query);
  }

  /** Units are the departments cases are assigned to. */
  @Get('units')
  units(@Query(new ZodValidationPipe(listOrganisationsRequest)) query: ListOrganisations) {
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
