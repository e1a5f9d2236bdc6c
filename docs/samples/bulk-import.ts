// Upserts the profiles of a CSV file (columns E-mail, First name, Last name, Birth date) into
// Campaign: resumable after Ctrl-C, a crash or kill -9, each row applied once, at the rate the
// tenant allows. Run it again after any interruption: it continues where the journal stopped.
// Usage: node bulk-import.js people.csv
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { importRecords, readCsv } from '@campaign-standard/bulk';
import { createCampaignClient } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
  // 429s reach the job, which slows down, instead of being retried blindly by the client
  retry: { statusCodes: [503, 504] },
});

const stop = new AbortController();
process.once('SIGINT', () => stop.abort()); // Ctrl-C: finish what is in flight, then stop

const file = process.argv[2]!;
const result = await importRecords({
  client,
  resource: 'profile',
  key: 'email',
  source: readCsv(file, {
    columns: {
      'E-mail': 'email',
      'First name': 'firstName',
      'Last name': 'lastName',
      'Birth date': 'birthDate',
    },
    types: { birthDate: 'date' },
  }),
  resume: true, // continue <file>.journal.ndjson if an earlier run was cut short
  maxRate: 50, // requests per second, at most
  signal: stop.signal,
});

const { created, updated, unchanged, refused, skipped } = result.counts;
console.log(
  `${result.status}: created ${created}, updated ${updated}, unchanged ${unchanged}, refused ${refused}, skipped ${skipped}`,
);
if (refused > 0) console.log(`refused rows, with their line and error: ${result.rejects}`);
if (result.status !== 'completed') {
  console.error(result.error?.message ?? 'stopped', '- run the same command again to resume');
  process.exitCode = 1;
}
