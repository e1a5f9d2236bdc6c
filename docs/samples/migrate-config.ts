// Turns the Developer Console download of a project in migration (or any JWT configuration)
// into the settings of OAuth Server-to-Server.
import { toOAuthServerToServerConfig } from '@campaign-standard/auth-jwt';

const migration = toOAuthServerToServerConfig(process.argv[2] ?? './workspace.json');

console.log(migration.environment); // ACS_* lines for .env; the secrets are placeholders
console.log(`scopes from: ${migration.scopesFrom}`);
for (const note of migration.notes) console.log(`note: ${note}`);
if (migration.unknownMetascopes.length > 0) {
  console.log(`copy the scopes of these from the Console: ${migration.unknownMetascopes.join(', ')}`);
}
