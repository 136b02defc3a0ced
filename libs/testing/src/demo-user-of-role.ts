import type { Role } from '#libs/contracts';

/** A demo county user of each role (the seed's `DEMO_USERS`), for tests that go role by role. */
export const DEMO_USER_OF_ROLE: Readonly<Record<Role, string>> = {
  school_reporter: 'school.reporter',
  bureau_reviewer: 'bureau.reviewer',
  taskforce_dispatcher: 'taskforce.dispatcher',
  department_handler: 'police.handler',
  department_head: 'police.head',
  supervisor: 'supervisor',
  inspector: 'inspector',
  administrator: 'admin',
};
