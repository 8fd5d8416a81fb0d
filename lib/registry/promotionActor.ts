import type { Role } from '../auth/roles';
import { refused, type RegistryResult } from './results';

/**
 * Who may request, approve, deploy or roll back: a signed-in lead or admin, acting through a browser
 * session (server actions). There is deliberately no token form of this actor: API tokens never
 * promote, approve or roll back, whatever their scopes.
 */
export interface SessionActor {
  via: 'session';
  id: string;
  email: string;
  role: Role;
}

export function checkSessionActor(actor: SessionActor): RegistryResult<never> | null {
  if (actor?.via !== 'session' || !actor.id) {
    return refused('actor', 'promotions, approvals, deploys and rollbacks are made in a signed-in browser session, never with an API token', 403);
  }
  if (actor.role !== 'lead' && actor.role !== 'admin') return refused('actor', 'this needs the lead or admin role', 403);
  return null;
}
