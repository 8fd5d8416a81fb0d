import { databaseReachable } from '@/lib/db';

// Public by design (load balancers and `npm start` poll it); it reveals only up/down.
export async function GET() {
  const database = await databaseReachable();
  return Response.json({ status: database ? 'ok' : 'degraded', database: database ? 'ok' : 'unreachable' }, {
    status: database ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  });
}
