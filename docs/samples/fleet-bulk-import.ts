// An import spread over a fleet of workers with BullMQ on Redis.
//   node fleet-bulk-import.js work                (a worker: start as many as you like, anywhere)
//   node fleet-bulk-import.js enqueue people.csv  (queues the file, waits, prints the counts)
// Each worker has its own credentials (none go into Redis in clear), shares one IMS token with the
// others and draws from the organization's rate budget.
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { readCsv } from '@campaign-standard/bulk';
import { createCampaignClient } from '@campaign-standard/client';
import { createFleet, createRateBudget } from '@campaign-standard/fleet';
import { createRedisTokenStore } from '@campaign-standard/token-store-redis';

const redis = process.env.REDIS_URL!;
const fleet = createFleet({ redis });

if (process.argv[2] === 'work') {
  const store = createRedisTokenStore({ url: redis, secret: process.env.ACS_CLIENT_SECRET! });
  const auth = fromEnvironment(process.env, { store });
  const budget = createRateBudget({
    redis,
    orgId: auth.orgId,
    tenant: process.env.ACS_TENANT!,
    requestsPerSecond: Number(process.env.ACS_REQUESTS_PER_SECOND ?? 20),
  });
  const client = createCampaignClient({
    auth,
    tenant: process.env.ACS_TENANT!,
    baseUrl: process.env.ACS_BASE_URL,
    retry: { statusCodes: [503, 504] }, // 429s reach the job, which slows down
    ...budget.clientOptions({ auth }),
  });
  const worker = fleet.work({ client });
  process.once('SIGTERM', async () => {
    await worker.close(); // the chunk in hand finishes first
    await Promise.all([fleet.close(), budget.close(), store.close()]);
  });
} else {
  const { jobId, rows, chunks } = await fleet.enqueueImport({
    resource: 'profile',
    key: 'email',
    source: readCsv(process.argv[3]!, { columns: { 'E-mail': 'email', 'Last name': 'lastName' } }),
  });
  console.log(`queued ${jobId}: ${rows} rows in ${chunks} chunks`);
  const done = await fleet.waitFor(jobId);
  console.log(
    `${done.state}: created ${done.created}, updated ${done.updated}, unchanged ${done.unchanged}, refused ${done.refused}`,
  );
  await fleet.close();
}
