// The expiry suite, for ignored_auth once a token has expired: a token is good for its `expireIn`
// seconds and no longer. Against a server whose clock the run can move (our simulator), the clock is moved past
// the lifetime; against any other, the run waits it out in real time when asked to
// (--check-token-expiry), and otherwise the case is skipped and says so. It runs last, because
// moving the server's clock ages everything else too.
import { urlOf } from '../api-call.js';
import { ignoredAuth } from '../checks/ignored-auth.js';
import type { RunContext } from '../context.js';
import { SkipCase } from '../skip.js';
import type { CaseRunner } from '../runner.js';

const OPERATION = 'getInstantPayment';

export async function tokenExpiry(ctx: RunContext, runner: CaseRunner): Promise<void> {
  await runner.case(
    {
      id: `expiry/${OPERATION}`,
      suite: 'expiry',
      operations: ['createCustomerAccessToken', OPERATION],
      checks: [ignoredAuth.name],
    },
    async (t) => {
      if (!ctx.control.clock && !ctx.waitForTokenExpiry) {
        throw new SkipCase(
          "the server's clock cannot be moved; pass --check-token-expiry to wait a token's expireIn out in real time",
        );
      }
      const { id } = await ctx.fixtures.instantPayment();
      const issued = await ctx.recorder.fetch(`${ctx.baseUrl}/payment/customer/v1/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ctx.credentials),
      });
      const { accessToken, expireIn } = (await issued.json()) as { accessToken?: string; expireIn?: number };
      if (
        !t.check(ignoredAuth, 'createCustomerAccessToken', {
          step: 'token-issued',
          status: issued.status,
          accessToken,
          expireIn,
        })
      )
        return;
      const read = () =>
        ctx.recorder.fetch(urlOf(ctx, '/payment/customer/v1/instant/payments/{id}', { id }), {
          headers: { authorization: `Bearer ${accessToken}` },
        });
      const fresh = await read();
      await fresh.arrayBuffer();
      if (!t.check(ignoredAuth, OPERATION, { step: 'fresh-token', status: fresh.status })) return;
      const lifetimeMs = (expireIn! + 1) * 1000;
      const how = ctx.control.clock
        ? `the server's clock moved ${expireIn! + 1} s`
        : `${expireIn! + 1} s waited in real time`;
      if (ctx.control.clock) await ctx.control.advance(lifetimeMs);
      else {
        // Asked for with --check-token-expiry: the wait is the check, so --max-time does not count it.
        ctx.runStop.extend(lifetimeMs);
        await new Promise((resolve) => setTimeout(resolve, lifetimeMs));
      }
      const expired = await read();
      await expired.arrayBuffer();
      t.check(ignoredAuth, OPERATION, { step: 'expired-token', status: expired.status, how });
    },
  );
}
