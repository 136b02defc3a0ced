import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrgKind } from '#libs/contracts';
import { Organisation } from './organisation.entity.js';

@Controller('api/directory')
export class DirectoryController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('schools')
  schools() {
    return this.list('school');
  }

  /** Units are the departments cases are assigned to. */
  @Get('units')
  units() {
    return this.list('department');
  }

  private async list(kind: OrgKind) {
    const organisations = await this.dataSource
      .getRepository(Organisation)
      .find({ where: { kind }, order: { code: 'ASC' } });
    return organisations.map(({ id, name, code, kind }) => ({ id, name, code, kind }));
  }
}
