import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

const globalForPrisma = globalThis as unknown as { wardenPrisma?: PrismaClient };

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error('DATABASE_URL is not set. Start Warden with `npm start` (it provides one) or set it yourself.');
  }
  return url;
}

/** The one Prisma Client of this process, created on first use so builds never need a database. */
export function db(): PrismaClient {
  globalForPrisma.wardenPrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: requireDatabaseUrl() }),
  });
  return globalForPrisma.wardenPrisma;
}

export async function disconnectDb(): Promise<void> {
  const client = globalForPrisma.wardenPrisma;
  globalForPrisma.wardenPrisma = undefined;
  await client?.$disconnect();
}
