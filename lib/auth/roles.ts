export const ROLES = ['analyst', 'lead', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { analyst: 0, lead: 1, admin: 2 };

/** Roles are cumulative: a lead can do what an analyst can, an admin what a lead can. */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  analyst: 'reads everything except admin pages',
  lead: 'analyst, and approves promotions',
  admin: 'everything, and manages users and tokens',
};
