import type { DefaultSession } from 'next-auth';
import type { Role } from '@/lib/auth/roles';

declare module 'next-auth' {
  interface User {
    role: Role;
    sessionEpoch: number;
  }
  interface Session {
    user: DefaultSession['user'] & { id: string; role: Role; sessionEpoch: number };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    role?: Role;
    sessionEpoch?: number;
  }
}
