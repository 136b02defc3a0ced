import { Injectable } from '@nestjs/common';
import type { Actor } from '#libs/auth';
import type { RoutingRule } from '#libs/contracts';
import { AppError } from '#libs/errors';
import { TypeOrmUnitOfWork } from '../cases/typeorm-unit-of-work.js';

/** The default units per category, which the task force's assessment proposes. */
@Injectable()
export class RoutingRulesService {
  constructor(private readonly uow: TypeOrmUnitOfWork) {}

  /** A short list, whole: one page with no cursor, in the shape of every list. */
  list() {
    return this.uow.run(async (ports) => ({ items: await ports.routing.list(), nextCursor: null }));
  }

  /** Replaces every rule at once; a unit that is not a department is a 400 naming it. */
  replace(actor: Actor, rules: readonly RoutingRule[]) {
    return this.uow.run(async (ports) => {
      const known = await ports.units.departments(rules.flatMap((r) => [r.leadUnitId, ...r.assistingUnitIds]));
      rules.forEach((rule, index) => {
        if (!known.has(rule.leadUnitId)) {
          throw AppError.badRequest(`rules.${index}.leadUnitId: no such department`, `rules.${index}.leadUnitId`);
        }
        const unknown = rule.assistingUnitIds.findIndex((id) => !known.has(id));
        if (unknown >= 0) {
          const field = `rules.${index}.assistingUnitIds.${unknown}`;
          throw AppError.badRequest(`${field}: no such department`, field);
        }
      });
      await ports.routing.replace(rules, actor.userId);
      return { items: await ports.routing.list(), nextCursor: null };
    });
  }
}
