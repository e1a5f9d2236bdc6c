// Step 1 of leaving @adobe/aio-lib-campaign-standard: the same functions and the same results,
// with the import changed and a strategy that renews tokens instead of a fixed access token.
// Reads ACS_TENANT and the ACS_* settings of auth-oauth (ACS_BASE_URL for the emulator).
import { init } from '@campaign-standard/aio-compat';
import { fromEnvironment } from '@campaign-standard/auth-oauth';

const campaign = await init(process.env.ACS_TENANT ?? 'acme', '', fromEnvironment(), {
  baseUrl: process.env.ACS_BASE_URL, // unset: https://mc.adobe.io
});

// Unchanged Adobe-style code: one page, read from `body`.
const page = await campaign.getAllProfiles({ lineCount: 5, order: 'email', descendingSort: true });
console.log(`status ${page.status}, last email: ${page.body.content[0]?.email}`);

// Paging works now: getDataFromRelativeUrl follows next.href.
let profiles = page.body.content.length;
let next = page.body.next?.href;
while (next) {
  const more = await campaign.getDataFromRelativeUrl<typeof page.body>(next);
  profiles += more.body.content.length;
  next = more.body.next?.href;
}
console.log(`profiles, page by page: ${profiles}`);

// Errors keep Adobe's codes, and carry the SDK's typed error as their cause.
try {
  await campaign.getWorkflow('WKF404');
} catch (error) {
  const { code, status } = error as { code: string; status?: number };
  console.log(`${code} (${status})`);
}
