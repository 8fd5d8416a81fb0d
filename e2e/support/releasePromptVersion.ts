// Stands in for the registry's deploy step in e2e: moves a prompt's production label the only way
// it can move, applyReleasePromptLabels inside a transaction (contract C3), against the e2e database.
import { db, disconnectDb } from '../../lib/db';
import { applyReleasePromptLabels, getPromptVersion } from '../../lib/prompts';

const [name, version] = process.argv.slice(2);
const target = await getPromptVersion(name!, version!);
if (!target) throw new Error(`no ${name} v${version}`);
await db().$transaction((tx) => applyReleasePromptLabels(tx, 'production', [target.id], { actor: 'release:e2e' }));
await disconnectDb();
