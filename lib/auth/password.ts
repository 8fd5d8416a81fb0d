import bcrypt from 'bcryptjs';
import { randomBytes } from 'node:crypto';

const COST = 12;
export const MIN_PASSWORD_LENGTH = 12;
// bcrypt reads at most 72 bytes; longer inputs are refused rather than silently truncated.
export const MAX_PASSWORD_BYTES = 72;

// Compared against when the account does not exist, so a miss costs as long as a wrong password. A fixed hash
// (of random bytes nobody kept) at the same cost: hashing one at import took ~0.3 s of every CLI command and
// server start.
export const DUMMY_HASH = '$2b$12$A.O0UpyVlnYA7svqep19duuHAIGzStwjMS.EGnEfdrg3eLZxoTk1y';

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return `must be at most ${MAX_PASSWORD_BYTES} bytes`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
  const matches = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return hash !== null && matches;
}

/** 20 characters from an unambiguous alphabet: ~115 bits. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(20), (byte) => alphabet[byte % alphabet.length]).join('');
}
