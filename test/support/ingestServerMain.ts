// A real ingest HTTP server in its own process (for kill -9 tests): PORT and DATABASE_URL from env.
import { handleIngest } from '../../lib/ingest';
import { serveHandler } from './httpAdapter';

const server = await serveHandler({ '/api/v1/ingest': handleIngest }, Number(process.env.PORT));
console.log(`LISTENING ${server.url}`);
process.on("SIGINT", () => process.exit(0)); // lets --cpu-prof write its profile
