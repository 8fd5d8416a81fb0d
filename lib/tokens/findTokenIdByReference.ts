import { db } from '../db/client';
import { TokenInputError } from './createToken';
import { hashTokenSecret, parseTokenSecret } from './tokenFormat';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one token a reference names, for commands that act on a token: its prefix as lists show it
 * (`wdn_staging_Ab3dE9`, a trailing `…` ignored), its id, or the whole secret (e.g. a leaked token,
 * matched by hash). A prefix two tokens share is refused with their ids, never guessed.
 */
export async function findTokenIdByReference(reference: string): Promise<{ id: string; prefix: string }> {
  const wanted = reference.trim().replace(/…$|\.\.\.$/, '');
  if (parseTokenSecret(wanted)) {
    const row = await db().apiToken.findUnique({ where: { tokenHash: hashTokenSecret(wanted) }, select: { id: true, prefix: true } });
    if (!row) throw new TokenInputError('no token has this secret', 'id');
    return row;
  }
  const rows = await db().apiToken.findMany({
    where: UUID.test(wanted) ? { id: wanted.toLowerCase() } : { prefix: wanted },
    select: { id: true, prefix: true, name: true, createdAt: true },
    orderBy: { createdAt: 'desc' },
  });
  if (rows.length === 0) throw new TokenInputError(`no token with prefix or id "${wanted}" (see warden token list)`, 'id');
  if (rows.length > 1) {
    throw new TokenInputError(`${rows.length} tokens share the prefix ${wanted}; name one by id: ${rows.map((row) => `${row.id} (${row.name})`).join(', ')}`, 'id');
  }
  return { id: rows[0]!.id, prefix: rows[0]!.prefix };
}
