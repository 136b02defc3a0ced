import { Injectable } from '@nestjs/common';
import type { Actor } from '#libs/auth';
import type { RoutingRule } from '#libs/contracts';
import { TypeOrmUnitOfWork } from '../cases/typeorm-unit-of-work.js';
import { assertAssignable } from '../domain/unit-choice.js';

/** The default units per category, which the task force's assessment proposes. */
@Injectable()
export class RoutingRulesService {
  constructor(private readonly uow: TypeOrmUnitOfWork) {}

  /** A short list, whole: one page with no cursor, in the shape of every list. */
  list() {
    return this.uow.run(async (ports) => ({ items: await ports.routing.list(), nextCursor: null }));
  }

  /** Replaces every rule at once; a unit that is not a department, or one retired, is a 400 naming it. */
  replace(actor: Actor, rules: readonly RoutingRule[]) {
    return this.uow.run(async (ports) => {
      const departments = await ports.units.departments(rules.flatMap((r) => [r.leadUnitId, ...r.assistingUnitIds]));
      rules.forEach((rule, index) =>
        assertAssignable(departments, rule.leadUnitId, rule.assistingUnitIds, `rules.${index}.`),
      );
      await ports.routing.replace(rules, actor.userId);
      return { items: await ports.routing.list(), nextCursor: null };
    });
  }
}
