-- The console's own audit log is a third ledger log beside the two environments. Log tables are
-- keyed by this enum, so the log name joins it; its own migration, because PostgreSQL cannot use a
-- new enum value in the transaction that adds it.
ALTER TYPE "Environment" ADD VALUE 'console';
