// Subscribes profiles, given by email address (a file of one address a line), to a service given
// by its name. Profiles already subscribed are left alone; addresses without a profile are listed.
// Usage: node recipe-subscribe-to-service.js SVC2 emails.txt
import { readFileSync } from 'node:fs';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient, type Profile, type Service } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

const [serviceName, listFile] = process.argv.slice(2) as [string, string];
const emails = readFileSync(listFile, 'utf8')
  .split('\n')
  .map((line) => line.trim())
  .filter(Boolean);

// `byText` matches the start of a name or label: keep the service with exactly this name.
let service: Service | undefined;
for await (const candidate of client.services.list({ filters: { byText: { text: serviceName } } })) {
  if (candidate.name === serviceName) service = candidate;
}
if (!service) throw new Error(`no service is named ${serviceName}`);

const subscribers = new Set<string>();
for await (const subscription of client.subscriptions.listByService(service.PKey, { pageSize: 100 })) {
  if (subscription.subscriber?.PKey) subscribers.add(subscription.subscriber.PKey);
}

const outcome = { subscribed: 0, already: 0, unknown: [] as string[] };
for (const email of emails) {
  const profiles: Profile[] = [];
  for await (const profile of client.profiles.list({ filters: { byEmail: { email } } }))
    profiles.push(profile);
  if (profiles.length === 0) outcome.unknown.push(email);
  for (const profile of profiles) {
    if (subscribers.has(profile.PKey)) {
      outcome.already++;
    } else {
      await client.subscriptions.subscribe(profile.PKey, service.PKey);
      subscribers.add(profile.PKey);
      outcome.subscribed++;
    }
  }
}
console.log(`${serviceName}: ${outcome.subscribed} subscribed, ${outcome.already} already subscribed`);
if (outcome.unknown.length > 0) console.log(`no profile for: ${outcome.unknown.join(', ')}`);
