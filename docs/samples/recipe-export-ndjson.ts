// Exports every profile to a file of newline-delimited JSON (one profile a line), page by page in
// constant memory, the file written as fast as the disk takes it.
// Usage: node recipe-export-ndjson.js profiles.ndjson
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

const file = process.argv[2]!;
let count = 0;
await pipeline(async function* () {
  for await (const profile of client.profiles.list({ pageSize: 100 })) {
    count++;
    yield `${JSON.stringify(profile)}\n`;
  }
}, createWriteStream(file));
console.log(`${count} profiles written to ${file}`);
