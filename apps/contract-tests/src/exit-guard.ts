// The process around a run fails closed. Node exits when its event loop empties, and a fetch that
// never settles (undici's, on a connection reset at connect) holds no timer: the process would end
// with exit code 0 before the run had decided anything. So the exit code is a failure until the
// work has settled, and an exit with the work still pending says so.

export interface ExitIo {
  err: { write(text: string): unknown };
  exit(code: number): void;
}

/** Runs `work` to its exit code; any other end (a throw, an empty event loop) exits 1 with a reason. */
export function runToExit(
  name: string,
  work: () => Promise<number>,
  io: ExitIo = { err: process.stderr, exit: (code) => process.exit(code) },
): void {
  let settled = false;
  process.exitCode = 1;
  process.once('beforeExit', () => {
    if (settled) return;
    io.err.write(
      `${name}: the run ended with work still pending (a request or a wait that can never finish): nothing was certified\n`,
    );
    io.exit(1);
  });
  work().then(
    (code) => {
      settled = true;
      io.exit(code);
    },
    (error: unknown) => {
      settled = true;
      io.err.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      io.exit(1);
    },
  );
}
