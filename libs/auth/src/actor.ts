import { z } from 'zod';
import { roleSchema, type Role } from '#libs/contracts';

/** The authenticated caller, as every service sees it. */
export interface Actor {
  userId: string;
  role: Role;
  orgId: string;
}

export const tokenClaimsSchema = z.object({ sub: z.uuid(), role: roleSchema, org: z.uuid() });
