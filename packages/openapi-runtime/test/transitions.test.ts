import { describe, expect, it } from 'vitest';
import { readModel, transitionAllowed, TransitionError } from '../src/index.js';
import { shop } from './fixtures/shop.js';

const machine = readModel(shop()).stateMachines.OrderStatus!;

describe('transitionAllowed', () => {
  it('allows exactly the moves of x-transitions', () => {
    expect(transitionAllowed(machine, 'OPEN', 'PAID')).toBe(true);
    expect(transitionAllowed(machine, 'OPEN', 'SHIPPED')).toBe(false);
    expect(transitionAllowed(machine, 'SHIPPED', 'CANCELED')).toBe(false);
    expect(transitionAllowed(machine, 'LOST', 'OPEN')).toBe(false);
  });

  it('names the machine, both statuses and what is allowed', () => {
    expect(new TransitionError('OrderStatus', 'OPEN', 'SHIPPED', machine.transitions.OPEN!).message).toBe(
      'OrderStatus: OPEN cannot move to SHIPPED; x-transitions allows PAID, CANCELED',
    );
    expect(new TransitionError('OrderStatus', 'SHIPPED', 'OPEN', []).message).toMatch(
      /allows nothing \(it is terminal\)/,
    );
  });
});
