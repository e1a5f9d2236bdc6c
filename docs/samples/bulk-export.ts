// Exports every profile to a CSV file, page by page; a killed export resumes where it stopped and
// the file holds each profile exactly once.
// Usage: node bulk-export.js profiles.csv
import { fromEnvironment } from '@campaign-standard/auth-oauth';
import { exportRecords } from '@campaign-standard/bulk';
import { createCampaignClient } from '@campaign-standard/client';

const client = createCampaignClient({
  auth: fromEnvironment(),
  tenant: process.env.ACS_TENANT ?? 'acme',
  baseUrl: process.env.ACS_BASE_URL,
});

const result = await exportRecords({
  client,
  resource: 'profile',
  output: process.argv[2]!,
  format: 'csv',
  columns: ['PKey', 'email', 'firstName', 'lastName', 'location.city'],
  resume: true, // continue from <output>.checkpoint.json if it exists
});
console.log(`${result.status}: ${result.records} profiles in ${result.output}`);
