import { localSecret } from '../config/localSecret';

/** NEXTAUTH_SECRET, or one generated once into `.warden/auth-secret`. */
export function authSecret(): string {
  process.env.NEXTAUTH_SECRET ||= localSecret('auth-secret');
  return process.env.NEXTAUTH_SECRET;
}
