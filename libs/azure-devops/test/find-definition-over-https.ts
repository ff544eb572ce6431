// Child-process half of https.http.spec.ts. It runs the way the services do (a CommonJS build, here
// @swc-node/register) and with NODE_EXTRA_CA_CERTS set to the test's self-signed certificate, which
// Node reads only at start-up. Prints what happened as one JSON line.
import { AzureDevOpsClient } from '../src/client/azure-devops-client';
import { patCredential } from '../src/client/credentials';

async function main(): Promise<void> {
  const [orgUrl, project, name] = process.argv.slice(2);
  const client = new AzureDevOpsClient({ allowedOrgUrls: [orgUrl], timeoutMs: 5_000, retry: { maxAttempts: 1 } });
  const org = client.forOrganization(orgUrl, patCredential(process.env['ADO_TEST_TOKEN'] ?? ''));
  try {
    console.log(JSON.stringify({ definition: await org.findBuildDefinition(project, name) }));
  } catch (error) {
    console.log(JSON.stringify({ error: { code: (error as { code?: string }).code, message: (error as Error).message } }));
  }
}

void main();
