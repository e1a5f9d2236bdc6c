// A build step that writes the tenant's schema as TypeScript, as `acs types generate` does:
// the module and, beside it, the JSON snapshot to review schema changes in pull requests.
// Usage: node generate-schema.js src/campaign-schema.ts
import { writeFile } from 'node:fs/promises';
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { createCampaignClient } from '@campaign-standard/client';
import { generateSchema } from '@campaign-standard/client/typegen';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

const out = process.argv[2] ?? 'src/campaign-schema.ts';
const { schema, module, snapshot } = await generateSchema(client);
await writeFile(out, module);
await writeFile(out.replace(/\.ts$/, '.json'), snapshot);
const names = schema.resources.map((r) => `${r.name} (${r.family})`).join(', ');
console.log(`${out}: profile, service and ${schema.resources.length} custom resources: ${names}`);
