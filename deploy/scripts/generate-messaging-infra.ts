// Regenerates deploy/infra/messaging.generated.json from libs/contracts.
// Run from the repository root: node -r @swc-node/register deploy/scripts/generate-messaging-infra.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { messagingInfraPath, renderMessagingInfra } from './messaging-infra';

const target = join(__dirname, '..', '..', messagingInfraPath);
writeFileSync(target, renderMessagingInfra());
console.log(`wrote ${messagingInfraPath}`);
