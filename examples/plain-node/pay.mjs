// A Pix payment from a plain Node script: no build step, no test framework. With KLAVI_BASE_URL
// (and KLAVI_ACCESS_KEY, KLAVI_SECRET_KEY) it talks to that server; without, it starts the sandbox
// simulator in-process. It creates a payment, sends the payer to the bank page (on the sandbox it
// presses Approve itself; elsewhere it prints the page and waits for a person), and prints how
// the payment ended. Exit code 0 only if it was paid.
//   node pay.mjs            KLAVI_BASE_URL=http://127.0.0.1:4010 KLAVI_ACCESS_KEY=… KLAVI_SECRET_KEY=… node pay.mjs
import { awaitPaymentStatus, createKlaviClient, KlaviApiError } from '@klavi-pay/client';
import { startSandbox } from '@klavi-pay/sandbox';

const given = process.env.KLAVI_BASE_URL;
const sandbox = given ? undefined : await startSandbox({ port: 0, quiet: true });
const baseUrl = given ?? sandbox.url;
const klavi = createKlaviClient({
  baseUrl,
  credentials: {
    accessKey: process.env.KLAVI_ACCESS_KEY ?? 'sandbox-customer-key',
    secretKey: process.env.KLAVI_SECRET_KEY ?? 'sandbox-customer-secret',
  },
  throwOnError: true,
});

try {
  const { data: payment } = await klavi.POST('/payment/customer/v1/instant/payments', {
    body: {
      clientRequestId: `plain-node-${Date.now()}`,
      institutionId: 'c8f0bf49-4744-4933-8960-7add6e590841',
      initType: 'PIX_DICT',
      proxy: '+5561988887777',
      customer: { identifierType: 'CPF', identifier: '76109277673', name: 'João Silva' },
      amount: process.env.AMOUNT ?? '42.00',
      currency: 'BRL',
      redirectURL: 'https://shop.example/pix/return',
      clientMetadata: { platform: 'BROWSER', os: 'LINUX', osVersion: 'N/A' },
    },
  });
  console.log(`payment ${payment.id}: ${payment.status}`);

  if (new URL(payment.consentRedirectURL).pathname.startsWith('/sandbox/bank/')) {
    // The sandbox's bank page is a plain form: do what the payer would.
    const page = await (await fetch(payment.consentRedirectURL)).text();
    const formToken = /name="formToken" value="([^"]+)"/.exec(page)[1];
    await fetch(payment.consentRedirectURL, {
      method: 'POST',
      body: new URLSearchParams({ formToken, decision: 'approve' }),
      redirect: 'manual',
    });
    console.log('approved at the sandbox bank');
  } else {
    console.log(`open this page and approve: ${payment.consentRedirectURL}`);
  }

  const final = await awaitPaymentStatus(klavi, payment.id, { intervalMs: 500, timeoutMs: 120_000 });
  console.log(`ended ${final.status}${final.statusReason ? ` (${final.statusReason.code})` : ''}`);
  process.exitCode = final.status === 'PAYMENT_COMPLETED' ? 0 : 1;
} catch (error) {
  console.error(error instanceof KlaviApiError ? `${error.message}` : error);
  process.exitCode = 1;
} finally {
  await sandbox?.close();
}
