// Sends a transactional event (a Message Center event published in Campaign) and waits until its
// status is final: `processed` when the message went out, or the reason it did not.
// Usage: node recipe-transactional-event.js EVTorderConfirmation jane@example.com
import { setTimeout } from 'node:timers/promises';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

const [eventId, email] = process.argv.slice(2) as [string, string];
const pollMs = Number(process.env.POLL_SECONDS ?? 5) * 1000;
const NOT_FINAL = new Set(['pending', 'processing', 'paused']);

const sent = await client.events.send(eventId, {
  email,
  ctx: { firstName: 'Jane', orderId: 'A-1042', total: '99.90' },
});
let event = sent;
for (let reads = 0; NOT_FINAL.has(event.status ?? 'pending'); reads++) {
  if (reads === 60) throw new Error(`event ${sent.PKey} is still ${event.status}`);
  await setTimeout(pollMs);
  event = await client.events.status(eventId, sent.PKey);
}
console.log(`${eventId} ${sent.PKey}: ${event.status}`);
if (event.status !== 'processed') process.exitCode = 1;
