import type { BulkKey, BulkResource, ImportMode, OpenRecordsOptions } from '@campaign-standard/bulk';
import { redact, registerSecret } from '@campaign-standard/core';
import type { FleetJobStatus } from '@campaign-standard/fleet';
import type { Command } from 'commander';
import type { ActionRunner } from '../action.js';
import { CliError } from '../cli-error.js';
import { RETRY_WITHOUT_429 } from '../client-adapter.js';
import { positiveInteger } from '../data-input.js';
import { writeRecord } from '../output/format.js';
import type { Session } from '../session.js';

/** Checks `--queue` and registers its password, if any, for redaction. */
export function queueUrl(value: string | undefined): string {
  if (!value || !/^rediss?:\/\/[^\s]+$/.test(value))
    throw new CliError('usage', '--queue must be a Redis URL: redis://host:6379 or rediss://…');
  try {
    const password = new URL(value).password;
    if (password) registerSecret(decodeURIComponent(password));
  } catch {
    throw new CliError('usage', '--queue must be a Redis URL: redis://host:6379 or rediss://…');
  }
  return value;
}

/**
 * `acs import … --queue <url>`: reads and checks the file, queues it as chunks for `acs worker`
 * processes, and prints the job's id.
 */
export async function enqueueImport(
  session: Session,
  queue: string,
  job: {
    resource: BulkResource;
    key: BulkKey;
    mode: ImportMode | undefined;
    path: string;
    reading: OpenRecordsOptions;
    chunkSize?: string | undefined;
  },
): Promise<void> {
  const [{ openRecords }, { createFleet }] = await Promise.all([
    import('@campaign-standard/bulk'),
    import('@campaign-standard/fleet'),
  ]);
  const fleet = createFleet({ redis: queueUrl(queue) });
  try {
    const queued = await fleet.enqueueImport({
      resource: job.resource,
      key: job.key,
      ...(job.mode ? { mode: job.mode } : {}),
      source: openRecords(job.path, job.reading),
      ...(job.chunkSize ? { chunkSize: positiveInteger(job.chunkSize, '--chunk-size') } : {}),
    });
    writeRecord(session.output(), { ...queued, queue: redact(queue) });
    session.note(
      `acs: queued; workers take it (acs worker --queue …), progress: acs jobs status ${queued.jobId} --queue …`,
    );
  } finally {
    await fleet.close();
  }
}

/** `acs worker` and `acs jobs status`: the fleet of `@campaign-standard/fleet` on one Redis. */
export function registerFleetCommands(program: Command, run: ActionRunner): void {
  program
    .command('worker')
    .description('take chunks of the imports queued with acs import --queue, until Ctrl-C or SIGTERM')
    .requiredOption('--queue <url>', 'the Redis of the fleet: redis://host:6379')
    .option(
      '--rate <n>',
      "the organization's requests per second, one budget shared by every process on this Redis",
    )
    .option('--concurrency <n>', 'chunks this process works on at once (1)')
    .addHelpText(
      'after',
      `
Every worker uses its own credentials (the usual settings); they share one IMS token through
Redis, encrypted with the client secret, and nothing secret goes into the queue. Start as many as
you like, on any machine: a worker killed mid-chunk loses nothing, another one takes the chunk
over and each row is applied once.

Examples:
  $ acs worker --queue redis://localhost:6379 --rate 20
  $ acs jobs status --queue redis://localhost:6379`,
    )
    .action(
      run(async (session, options: { queue: string; rate?: string; concurrency?: string }) => {
        const url = queueUrl(options.queue);
        const rate = positiveInteger(options.rate, '--rate');
        const concurrency = positiveInteger(options.concurrency, '--concurrency');
        const [{ createFleet, createRateBudget }, { createRedisTokenStore }] = await Promise.all([
          import('@campaign-standard/fleet'),
          import('@campaign-standard/token-store-redis'),
        ]);
        const credentials = (await session.settings()).credentials;
        const secret = credentials.oauth?.clientSecrets?.[0] ?? credentials.jwt?.privateKey;
        const store = secret
          ? createRedisTokenStore({ url, secret, onWarning: (text) => session.warn(text) })
          : undefined;
        if (store) session.useTokenStore(store);
        const auth = await session.strategy();
        const budget = rate
          ? createRateBudget({
              redis: url,
              orgId: auth.orgId,
              tenant: await session.tenant(),
              requestsPerSecond: rate,
              onWarning: (text) => session.warn(text),
            })
          : undefined;
        const client = await session.client(RETRY_WITHOUT_429, budget?.clientOptions({ auth }));
        const fleet = createFleet({ redis: url });
        const worker = fleet.work({ client, ...(concurrency ? { concurrency } : {}) });
        await worker.worker.waitUntilReady();
        session.note(
          `acs worker: taking chunks from ${redact(url)} (Ctrl-C or SIGTERM: stop after the chunks in hand)`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', () => resolve());
          process.once('SIGTERM', () => resolve());
        });
        session.note('acs worker: stopping: the chunks in hand finish first');
        await worker.close();
        await Promise.all([fleet.close(), budget?.close(), store?.close()]);
        writeRecord(session.output(), { chunks: worker.chunksDone });
      }),
    );

  const jobs = program.command('jobs').description('the bulk jobs queued on a fleet (acs import --queue)');
  jobs
    .command('status [jobId]')
    .description('progress of one job, or of every job: rows done, refused, in flight, rate')
    .requiredOption('--queue <url>', 'the Redis of the fleet: redis://host:6379')
    .action(
      run(async (session, jobId: string | undefined, options: { queue: string }) => {
        const { createFleet } = await import('@campaign-standard/fleet');
        const fleet = createFleet({ redis: queueUrl(options.queue) });
        try {
          let list: FleetJobStatus[];
          if (jobId) {
            const one = await fleet.status(jobId);
            if (!one) throw new CliError('notFound', `No job ${jobId} on this queue`);
            list = [one];
          } else {
            list = await fleet.jobs();
          }
          for (const job of list) {
            writeRecord(session.output(), {
              jobId: job.jobId,
              state: job.state,
              rows: job.rows,
              done: job.finished - job.refused,
              refused: job.refused,
              created: job.created,
              updated: job.updated,
              unchanged: job.unchanged,
              inFlight: job.activeChunks,
              waiting: job.waitingChunks,
              failed: job.failedChunks,
              rowsPerSecond: Math.round(job.rowsPerSecond * 10) / 10,
            });
          }
        } finally {
          await fleet.close();
        }
      }),
    );
}
