import { defineConfig } from 'prisma/config';

// The Prisma CLI reads the connection from here (Prisma 7 keeps URLs out of schema.prisma).
// At runtime the app connects through @prisma/adapter-pg in lib/db instead.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
