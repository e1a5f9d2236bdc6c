// CommonJS consumer: `require()` of the ESM packages (Node >= 20.19 loads them synchronously).
const { createOAuthServerToServerAuth } = require('@campaign-standard/auth-oauth');
const { createJwtAuth } = require('@campaign-standard/auth-jwt');
const { createCampaignClient } = require('@campaign-standard/client');
const { ApiError, isCampaignSdkError } = require('@campaign-standard/core');
const { createFileTokenStore } = require('@campaign-standard/core/file-store');
const { startEmulator } = require('@campaign-standard/emulator');

async function main() {
  const emulator = await startEmulator({ profiles: 7 });
  try {
    const c = emulator.credentials;
    const auths = [
      createOAuthServerToServerAuth({
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        orgId: c.orgId,
        scopes: c.scopes,
        imsUrl: emulator.imsUrl,
      }),
      createJwtAuth({
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        orgId: c.orgId,
        technicalAccountId: c.technicalAccountId,
        metascopes: c.metascopes,
        privateKey: c.privateKey,
        imsUrl: emulator.imsUrl,
        quietDeprecation: true,
      }),
    ];
    const counts = {};
    for (const auth of auths) {
      const client = createCampaignClient({ auth, tenant: c.tenant, baseUrl: emulator.baseUrl });
      counts[auth.kind] = await client.profiles.list().count();
    }
    console.log(
      JSON.stringify({
        counts,
        errorClasses: typeof ApiError === 'function' && typeof isCampaignSdkError === 'function',
        fileStore: typeof createFileTokenStore === 'function',
      }),
    );
  } finally {
    await emulator.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
