// The Admin section's commands: zod-validated, recorded in the console log by the functions they call.
export { type AdminResult } from './adminResult';
export { createUserCommand, resetPasswordCommand, setActiveCommand, setRoleCommand } from './userCommands';
export { createTokenCommand, revokeTokenCommand, rotateTokenCommand, type ShownToken } from './tokenCommands';
