import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { db } from '../db/client';
import { authOptions } from './authOptions';
import type { Role } from './roles';

export interface CurrentUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

/**
 * The signed-in user, re-read from the database on every request: a deactivated user, a reset
 * password (new session epoch) or a changed role takes effect at once, whatever the JWT says.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions);
  if (!session?.user?.id) return null;
  const user = await db().user.findUnique({ where: { id: session.user.id } });
  if (!user || !user.active || user.sessionEpoch !== session.user.sessionEpoch) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});
