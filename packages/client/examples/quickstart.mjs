// The whole journey, offline: start the sandbox, create a Pix payment with @klavi-pay/client,
// approve it at the simulated bank, follow it to PAYMENT_COMPLETED and find it in the Management
// API. Run: pnpm --filter @klavi-pay/client quickstart   (the README's `pnpm start` runs it too)
import { DEMO_CREDENTIALS, startSandbox } from '@klavi-pay/sandbox';
import { awaitPaymentStatus, createKlaviClient, paginate } from '../dist/index.js';

const sandbox = await startSandbox({ port: 0, quiet: true });
const [customer] = DEMO_CREDENTIALS.CustomerBearer;
const [management] = DEMO_CREDENTIALS.ManagementBearer;
const klavi = createKlaviClient({
  baseUrl: sandbox.url,
  credentials: { accessKey: customer.accessKey, secretKey: customer.secretKey },
  managementCredentials: { accessKey: management.accessKey, secretKey: management.secretKey },
  throwOnError: true,
});
const step = (text) => console.log(`  ✓ ${text}`);

try {
  console.log(`Klavi sandbox on ${sandbox.url}`);
  const { data: created } = await klavi.POST('/payment/customer/v1/instant/payments', {
    body: {
      clientRequestId: `quickstart-${Date.now()}`,
      institutionId: 'c8f0bf49-4744-4933-8960-7add6e590841',
      initType: 'PIX_DICT',
      proxy: '+5561988887777',
      customer: { identifierType: 'CPF', identifier: '76109277673', name: 'João Silva' },
      amount: '42.00',
      currency: 'BRL',
      redirectURL: 'https://merchant.example/pix/callback',
      clientMetadata: { platform: 'BROWSER', os: 'LINUX', osVersion: 'N/A' },
    },
  });
  step(`created payment ${created.id}: ${created.status}`);

  // What the payer does in a browser: open the bank page and press Approve.
  const page = await (await fetch(created.consentRedirectURL)).text();
  const formToken = /name="formToken" value="([^"]+)"/.exec(page)[1];
  const decision = await fetch(created.consentRedirectURL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ formToken, decision: 'approve' }),
    redirect: 'manual',
  });
  step(`approved at the bank, sent back to ${decision.headers.get('location')}`);

  const final = await awaitPaymentStatus(klavi, created.id, {
    until: 'PAYMENT_COMPLETED',
    intervalMs: 500,
    timeoutMs: 30_000,
  });
  step(`settled: ${final.status} at ${final.statusUpdateAt}`);

  const { data: apps } = await klavi.GET('/payment/management/v1/merchants/apps');
  for await (const order of paginate(klavi, '/payment/management/v1/merchants/{appId}/orders', {
    params: { path: { appId: apps.data[0].appId } },
  })) {
    if (order.id === created.id) step(`listed by the Management API under app "${apps.data[0].name}": ${order.status}`);
  }
  const violations = sandbox.violations.length;
  if (violations > 0) throw new Error(`the sandbox sent ${violations} response(s) that do not match the spec`);
  step('every response matched the OpenAPI spec');
} finally {
  await sandbox.close();
}
