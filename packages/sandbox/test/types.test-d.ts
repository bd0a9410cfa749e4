// Compile-time checks: the sandbox cannot be written to make a move the spec's x-transitions do
// not allow. Each @ts-expect-error is a fault that must not compile.
import { expectTypeOf, test } from 'vitest';
import { Lifecycle, path } from '../src/domain/lifecycle.js';
import type { InstantPaymentRecord } from '../src/domain/records.js';
import type { InstantPaymentState } from '../src/index.js';
import type { InstantStatus, NextOf, ReasonCode } from '../src/spec-model.js';

test('statuses and reason codes are the spec enums', () => {
  expectTypeOf<'PAYMENT_COMPLETED'>().toMatchTypeOf<InstantStatus>();
  expectTypeOf<'PAID'>().not.toMatchTypeOf<InstantStatus>();
  expectTypeOf<'SALDO_INSUFICIENTE'>().toMatchTypeOf<ReasonCode>();
  expectTypeOf<NextOf<'InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION'>>().toEqualTypeOf<
    'CONSENT_AUTHORIZED' | 'CONSENT_REJECTED' | 'CANCELED' | 'ERROR' | 'EXPIRED'
  >();
});

test('a planned path is checked move by move', () => {
  path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', [
    'CONSENT_AUTHORIZED',
    'PAYMENT_PENDING',
    { status: 'PAYMENT_REJECTED', reason: { code: 'SALDO_INSUFICIENTE', message: 'x' } },
  ]);
  // @ts-expect-error CONSENT_AWAITING_AUTHORIZATION cannot move to PAYMENT_COMPLETED
  path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', ['PAYMENT_COMPLETED']);
  // biome-ignore format: a @ts-expect-error covers the one line after it, so the call stays on one line
  // @ts-expect-error PAYMENT_COMPLETED is terminal
  path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', ['CONSENT_AUTHORIZED', 'PAYMENT_PENDING', 'PAYMENT_SETTLEMENT_PROCESSING', 'PAYMENT_COMPLETED', 'CANCELED']);
  // @ts-expect-error PAID is not a status
  path('InstantPaymentStatus', 'CONSENT_AWAITING_AUTHORIZATION', ['PAID']);
  // biome-ignore format: a @ts-expect-error covers the one line after it, so the call stays on one line
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

test('a record changes only through the store and its lifecycle, which tell the change stream', () => {
  const record = {} as InstantPaymentRecord;
  // @ts-expect-error a record's fields are read-only outside the store (domain/store.ts)
  record.endToEndId = 'E1';
  // @ts-expect-error a bank link is opened through the store
  record.link.opened = true;
  // @ts-expect-error a status changes only through move, moveFrom and catchUp
  record.life.status = 'PAYMENT_COMPLETED';
  // @ts-expect-error the history grows only with a move
  record.life.history.push('PAYMENT_COMPLETED');
  const read = {} as InstantPaymentState;
  // @ts-expect-error what outside code reads has no moves at all
  read.life.move('CONSENT_REJECTED', 1);
});
