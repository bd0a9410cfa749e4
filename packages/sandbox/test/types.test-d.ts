// Compile-time checks: the sandbox cannot be written to make a move the spec's x-transitions do
// not allow. Each @ts-expect-error is a fault that must not compile.
import { expectTypeOf, test } from 'vitest';
import { Lifecycle, path } from '../src/domain/lifecycle.js';
import type { InstantStatus, NextOf, ReasonCode } from '../src/spec-model.js';

test('statuses and reason codes are the spec enums', () => {
  expectTypeOf<'PAYMENT_COMPLETED'>().toMatchTypeOf<InstantStatus>();
  expectTypeOf<'PAID'>().not.toMatchTypeOf<InstantStatus>();
  expectTypeOf<'SALDO_INSUFICIENTE'>().toMatchTypeOf<ReasonCode>();
  expectTypeOf<NextOf<'InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION'>>().toEqualTypeOf<'CONSENT_AUTHORIZED' | 'CONSENT_REJECTED' | 'CANCELED' | 'ERROR' | 'EXPIRED'>();
});

test('a planned path is checked move by move', () => {
  path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', ['CONSENT_AUTHORIZED', 'PAYMENT_PENDING', { status: 'PAYMENT_REJECTED', reason: { code: 'SALDO_INSUFICIENTE', message: 'x' } }]);
  // @ts-expect-error CONSENT_AWAITING_AUTHORIZATION cannot move to PAYMENT_COMPLETED
  path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', ['PAYMENT_COMPLETED']);
  // @ts-expect-error PAYMENT_COMPLETED is terminal
  path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', ['CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED', 'CANCELED']);
  // @ts-expect-error PAID is not a status
  path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', ['PAID']);
  // @ts-expect-error not a reason code of the spec
  path('AutomaticPaymentStatus', 'PAYMENT_PENDING', [{ status: 'PAYMENT_REJECTED', reason: { code: 'NO_MONEY', message: 'x' } }]);
});

test('a move out of a known set of statuses must be allowed from each of them', () => {
  const life = new Lifecycle('AutomaticPaymentStatus', 'PAYMENT_PENDING', 0);
  life.moveFrom(['PAYMENT_PENDING', 'PAYMENT_SCHEDULED'], 'CANCELED', 1);
  // @ts-expect-error PAYMENT_SCHEDULED cannot move to PAYMENT_COMPLETED
  life.moveFrom(['PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_SCHEDULED'], 'PAYMENT_COMPLETED', 1);
  // @ts-expect-error an instant status is not a recurring payment's
  life.move('CONSENT_AUTHORIZED', 1);
});
