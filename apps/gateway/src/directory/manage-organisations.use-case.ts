import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { z } from 'zod';
import type { Actor } from '#libs/auth';
import {
  createOrganisationRequest,
  OrganisationChanged,
  type organisationImportRowView,
  type organisationImportView,
  type OrgKind,
  ServiceRpcPattern,
} from '#libs/contracts';
import { AppError } from '#libs/errors';
import { Outbox, RpcClient } from '#libs/messaging';
import { RefreshTokens } from '../auth/refresh-tokens.js';
import { UserAccess } from '../auth/user-access.js';
import { importReport, issueOf, readOrRefuse } from './csv.js';
import { readOrganisationCsv } from './organisation-csv.js';
import type { Organisation } from './organisation.entity.js';
import {
  type OrganisationState,
  reinstated,
  renamed,
  retired,
  retirementRefusal,
  type UnitCommitments,
} from './organisation-lifecycle.js';
import { ORGANISATION_COLUMNS, organisationOf, type OrganisationRow, RegisterUseCase } from './register.use-case.js';

type NewOrganisation = z.output<typeof createOrganisationRequest>;
type ImportRow = z.infer<typeof organisationImportRowView>;
type ImportReport = z.infer<typeof organisationImportView>;

export interface OrganisationView {
  id: string;
  name: string;
  code: string;
  kind: OrgKind;
  retiredAt: string | null;
}

const view = ({ id, name, code, kind, retiredAt }: OrganisationState | Organisation): OrganisationView => ({
  id,
  name,
  code,
  kind,
  retiredAt: retiredAt?.toISOString() ?? null,
});
/** `unit` is what the county calls a department: the directory keeps it as one. */
const kindOf = (kind: NewOrganisation['kind']): OrgKind => (kind === 'school' ? 'school' : 'department');
const KIND_WORD: Record<OrgKind, string> = {
  school: 'a school',
  department: 'a unit',
  taskforce: 'the task force',
  county: 'the county',
};

/** Directory data, never personal: an organisation's kind, code and name. */
const described = (organisation: Organisation) =>
  `${KIND_WORD[organisation.kind]} (${organisation.code}, ${organisation.name}${organisation.retiredAt ? ', retired' : ''})`;

/**
 * New schools and units, one by one or from a CSV file, through the same registration as the seed:
 * the directory row and `gateway.organisation.registered` in one transaction, so dispatch, grading and
 * notify learn of them as of every other organisation. Then renamed, retired and reinstated, never
 * deleted (cases, tasks, grades and users name them): each change is the row and
 * `gateway.organisation.changed` (the whole state and its revision) in one transaction, which dispatch
 * and grading apply to their copies; the gateway itself refuses the users of a retired organisation.
 */
@Injectable()
export class ManageOrganisationsUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly register: RegisterUseCase,
    private readonly outbox: Outbox,
    private readonly rpc: RpcClient,
    private readonly refreshTokens: RefreshTokens,
    private readonly access: UserAccess,
  ) {}

  async rename(id: string, name: string): Promise<OrganisationView> {
    return this.dataSource.transaction(async (manager) => {
      const organisation = await this.locked(manager, id);
      const next = renamed(organisation, name);
      if (next) await this.save(manager, next);
      return view(next ?? organisation);
    });
  }

  /**
   * Out of service from now: dispatch assigns it nothing, grading leaves it out of the quarters that
   * begin after, and its users are refused from their next request (their sessions end). A unit is
   * first checked with dispatch, on the administrator's own token: it must have no tasks on cases not
   * yet ended and no routing rule naming it (409 with what is left). Retiring again changes nothing.
   */
  async retire(admin: Actor, id: string, authorization: string | undefined): Promise<OrganisationView> {
    const [current] = await this.dataSource.query<OrganisationRow[]>(
      `SELECT ${ORGANISATION_COLUMNS} FROM identity.organisations WHERE id = $1`,
      [id],
    );
    if (!current) throw AppError.notFound('organisation');
    const organisation = organisationOf(current);
    if (organisation.retiredAt) return view(organisation);
    // The county, the task force, one's own: refused before anything is asked of dispatch.
    const refusal = retirementRefusal(organisation, { callerOrgId: admin.orgId });
    if (refusal) throw AppError.conflict(refusal);
    const commitments =
      organisation.kind === 'department'
        ? await this.rpc.request<UnitCommitments>(
            ServiceRpcPattern.DispatchUnitCommitments,
            { unitId: id },
            { authorization },
          )
        : undefined;
    const { answer, users } = await this.dataSource.transaction(async (manager) => {
      const locked = await this.locked(manager, id);
      const next = retired(locked, new Date(), { callerOrgId: admin.orgId, commitments });
      if (!next) return { answer: view(locked), users: [] as string[] };
      await this.save(manager, next);
      const members = await manager.query<Array<{ id: string }>>('SELECT id FROM identity.users WHERE org_id = $1', [
        id,
      ]);
      for (const member of members) await this.refreshTokens.revokeAllOf(manager, member.id);
      return { answer: view(next), users: members.map((member) => member.id) };
    });
    for (const user of users) this.access.forget(user);
    return answer;
  }

  /** Back in service: its users sign in again (those not disabled one by one), dispatch and grading count it again. */
  async reinstate(id: string): Promise<OrganisationView> {
    return this.dataSource.transaction(async (manager) => {
      const organisation = await this.locked(manager, id);
      const next = reinstated(organisation);
      if (next) await this.save(manager, next);
      return view(next ?? organisation);
    });
  }

  private async locked(manager: EntityManager, id: string): Promise<OrganisationState> {
    const [row] = await manager.query<OrganisationRow[]>(
      `SELECT ${ORGANISATION_COLUMNS} FROM identity.organisations WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!row) throw AppError.notFound('organisation');
    return organisationOf(row);
  }

  /** The new state and its announcement, in the caller's transaction. */
  private async save(manager: EntityManager, next: OrganisationState): Promise<void> {
    await manager.query('UPDATE identity.organisations SET name = $2, retired_at = $3, revision = $4 WHERE id = $1', [
      next.id,
      next.name,
      next.retiredAt,
      next.revision,
    ]);
    await this.outbox.append(manager, OrganisationChanged, {
      orgId: next.id,
      kind: next.kind,
      code: next.code,
      name: next.name,
      retiredAt: next.retiredAt?.toISOString() ?? null,
      revision: next.revision,
    });
  }

  async create(input: NewOrganisation): Promise<OrganisationView> {
    return this.dataSource.transaction(async (manager) => {
      const { organisation, created } = await this.register.organisationIn(manager, {
        ...input,
        kind: kindOf(input.kind),
      });
      if (!created) {
        throw new AppError(409, 'conflict', `is already the code of ${described(organisation)}`, 'code');
      }
      return view(organisation);
    });
  }

  /**
   * Each row checked alone, then the good ones written in one transaction: a row is created with its
   * event or not at all, and a failure of the database writes none (a retry is safe: written rows come
   * back as `exists`). A row whose code the directory holds with the same kind and name is `exists`,
   * with another kind or name an error naming `code`; so the same file imported twice changes nothing.
   */
  async importCsv(csv: string): Promise<ImportReport> {
    const read = readOrRefuse(() => readOrganisationCsv(csv));
    const rows = await this.dataSource.transaction(async (manager) => {
      const report: ImportRow[] = [];
      for (const line of read) {
        if ('error' in line) {
          report.push({ row: line.row, status: 'error', ...line.error });
          continue;
        }
        const parsed = createOrganisationRequest.safeParse(line.fields);
        if (!parsed.success) {
          report.push({
            row: line.row,
            status: 'error',
            code: line.fields.code || undefined,
            ...issueOf(parsed.error),
          });
          continue;
        }
        const wanted = { ...parsed.data, kind: kindOf(parsed.data.kind) };
        const { organisation, created } = await this.register.organisationIn(manager, wanted);
        const same =
          organisation.code === wanted.code && organisation.kind === wanted.kind && organisation.name === wanted.name;
        if (created || same) {
          report.push({
            row: line.row,
            status: created ? 'created' : 'exists',
            code: wanted.code,
            id: organisation.id,
          });
        } else {
          report.push({
            row: line.row,
            status: 'error',
            code: wanted.code,
            field: 'code',
            message: `is already the code of ${described(organisation)}`,
          });
        }
      }
      return report;
    });
    return importReport(rows);
  }
}
