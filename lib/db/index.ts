export { db, disconnectDb } from './client';
export { openDatabase, type DatabaseHandle, type OpenOptions } from './openDatabase';
export { DataDirectoryBusyError } from './embeddedPostgres';
export { ensureDatabase, dropDatabase } from './ensureDatabase';
export { applyMigrations, MigrationError, type MigrationReport } from './migrate/applyMigrations';
export { readMigrationFiles, type MigrationFile } from './migrate/migrationFiles';
export type { Role, User } from './generated/client';
export { databaseReachable } from './checkDatabase';
export { pool, closePool } from './pool';
