// Roles and what each may do: VIEWER reads, RESPONDER acts on crises, ADMIN also manages brands and tokens.
export const ROLES = ['VIEWER', 'RESPONDER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { VIEWER: 0, RESPONDER: 1, ADMIN: 2 };

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Whether `role` includes the rights of `required`. */
export function hasRole(role: Role, required: Role): boolean {
  return RANK[role] >= RANK[required];
}
