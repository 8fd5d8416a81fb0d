import type { ConsoleActor } from '../audit';
import type { RegistryActor } from './results';

export const consoleActor = (actor: RegistryActor): ConsoleActor => ({ id: actor.id, label: actor.tokenPrefix ? `token:${actor.tokenPrefix}` : actor.email });
