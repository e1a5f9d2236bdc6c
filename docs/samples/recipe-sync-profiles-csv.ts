// Nightly sync of a CSV export (columns email, firstName, lastName) into Campaign's profiles: each
// row is looked up by email, then created, updated with only the fields that differ, or left alone.
// Usage: node recipe-sync-profiles-csv.js profiles.csv
import { readFileSync } from 'node:fs';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient, type Profile, type ProfileInput } from '@campaign-standard/client';
import { parse } from 'csv-parse/sync';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

const FIELDS = ['firstName', 'lastName'] as const;
type Row = Record<'email' | (typeof FIELDS)[number], string>;
const rows = parse<Row>(readFileSync(process.argv[2]!, 'utf8'), {
  bom: true,
  columns: true,
  skip_empty_lines: true,
  trim: true,
});

const outcome = { created: 0, updated: 0, unchanged: 0, ambiguous: 0 };
for (const row of rows) {
  const matches: Profile[] = [];
  for await (const profile of client.profiles.list({ filters: { byEmail: { email: row.email } } })) {
    matches.push(profile);
  }
  const [existing, ...others] = matches;
  if (others.length > 0) {
    console.warn(`${row.email}: ${matches.length} profiles have this address, left alone`);
    outcome.ambiguous++;
  } else if (!existing) {
    await client.profiles.create({ email: row.email, firstName: row.firstName, lastName: row.lastName });
    outcome.created++;
  } else {
    const changes: ProfileInput = {};
    for (const field of FIELDS) if (existing[field] !== row[field]) changes[field] = row[field];
    if (Object.keys(changes).length === 0) {
      outcome.unchanged++;
    } else {
      await client.profiles.update(existing.PKey, changes);
      outcome.updated++;
    }
  }
}
console.log(
  Object.entries(outcome)
    .map(([what, count]) => `${what} ${count}`)
    .join(', '),
);
