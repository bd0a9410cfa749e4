// The one run-time check of a state machine's x-transitions.

export class TransitionError extends Error {
  constructor(
    readonly machine: string,
    readonly from: string,
    readonly to: string,
    allowed: readonly string[],
  ) {
    super(
      `${machine}: ${from} cannot move to ${to}; x-transitions allows ${allowed.length ? allowed.join(', ') : 'nothing (it is terminal)'}`,
    );
  }
}

export function transitionAllowed(
  machine: { readonly transitions: Readonly<Record<string, readonly string[]>> },
  from: string,
  to: string,
): boolean {
  return machine.transitions[from]?.includes(to) ?? false;
}
