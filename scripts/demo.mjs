// The main job until the CLI lands: resolve instances and show the errors a user would meet.
import { isCampaignSdkError, resolveInstance } from '@campaign-standard/core';

for (const input of [
  { tenant: 'acme' },
  { tenant: 'acme', environment: 'stage' },
  { tenant: 'acme-mkt-stage' },
  { tenant: 'acme/../evil' },
]) {
  try {
    const instance = resolveInstance(input);
    console.log(`${JSON.stringify(input)} -> ${instance.baseUrl}`);
  } catch (error) {
    if (!isCampaignSdkError(error)) throw error;
    console.log(`${JSON.stringify(input)} -> ${error.code}: ${error.message}`);
  }
}
