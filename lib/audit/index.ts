export { recordConsoleAction, CONSOLE_LOG } from './recordConsoleAction';
export { CONSOLE_ACTIONS, CLI_ACTOR, SYSTEM_ACTOR, type ConsoleActionName, type ConsoleActor, type ConsoleActionInput } from './consoleActions';
export { auditFilterInput, listConsoleActions, listConsoleActors, AUDIT_PAGE_SIZE, type AuditFilter, type ConsoleActionView } from './listConsoleActions';
