import { randomBytes } from 'node:crypto';
import { dropDatabasesWithPrefix, startTestServer } from './testServer';

/** One PostgreSQL server per test run; every test file makes its own database on it (freshDatabase). */
export default async function setup() {
  const server = await startTestServer();
  const prefix = `warden_t_${randomBytes(4).toString('hex')}_`;
  process.env.WARDEN_TEST_SERVER_URL = server.serverUrl;
  process.env.WARDEN_TEST_DB_PREFIX = prefix;
  return async () => {
    await dropDatabasesWithPrefix(server.serverUrl, prefix);
    await server.stop();
  };
}
