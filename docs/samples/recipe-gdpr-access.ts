// A GDPR access request end to end: create it, wait until Campaign has processed it, then write
// the data Campaign holds on that person to a file.
// Usage: node recipe-gdpr-access.js <namespace> jane@example.com jane-data.txt
import { writeFileSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

const [namespaceName, email, file] = process.argv.slice(2) as [string, string, string];
const pollMs = Number(process.env.POLL_SECONDS ?? 300) * 1000;
const NOT_FINAL = new Set(['new', 'processing', 'retryPending', 'retryInProgress']);

let request = await client.privacy.create({
  name: `access-${Date.now()}`,
  label: `Access request for ${email}`,
  namespaceName,
  reconciliationValue: email,
  regulation: 'gdpr',
  type: 'access',
});
while (NOT_FINAL.has(request.status ?? 'new')) {
  await setTimeout(pollMs);
  request = await client.privacy.get(request.PKey);
}
if (request.status !== 'complete') throw new Error(`request ${request.name} ended as ${request.status}`);
writeFileSync(file, await client.privacy.dataFile(request));
console.log(`${request.name}: ${request.status}, data written to ${file}`);
