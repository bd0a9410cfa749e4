// Child processes: a command timed from spawn to exit, and a server started and awaited.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface CommandResult {
  ms: number;
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Non-zero exits are returned instead of thrown. */
  allowFailure?: boolean;
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - started;
      const exit = code ?? (signal ? 128 : 1);
      if (exit !== 0 && !options.allowFailure) {
        const tail = (stderr || stdout).trim().split('\n').slice(-20).join('\n');
        reject(
          new Error(
            `${[command, ...args].join(' ')} exited with ${signal ?? exit} after ${Math.round(ms)} ms\n${tail}`,
          ),
        );
        return;
      }
      resolve({ ms, code: exit, stdout, stderr });
    });
  });
}

/** A port that was free a moment ago, for servers that cannot report the one they bound. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

export interface ServerOptions extends CommandOptions {
  /** Finds the server's URL in its output, once it is listening; or the URL to poll until it answers. */
  ready: RegExp | { poll: string };
  timeoutMs?: number;
}

export function startServer(command: string, args: readonly string[], options: ServerOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(
        new Error(`${[command, ...args].join(' ')}: ${message}\n${output.trim().split('\n').slice(-15).join('\n')}`),
      );
    };
    const timer = setTimeout(
      () => fail(`not listening after ${options.timeoutMs ?? 60_000} ms`),
      options.timeoutMs ?? 60_000,
    );
    const succeed = (url: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ url, pid: child.pid, stop: () => stopChild(child) });
    };
    const ready = options.ready;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.length > 1_000_000) output = output.slice(-100_000);
      const match = ready instanceof RegExp ? ready.exec(output) : null;
      if (match) succeed(match[1] ?? match[0]);
    };
    if (!(ready instanceof RegExp)) {
      // Any HTTP answer, even a 404, means the server is listening.
      const poll = () => {
        if (settled) return;
        fetch(ready.poll).then(
          () => succeed(new URL(ready.poll).origin),
          () => setTimeout(poll, 200),
        );
      };
      poll();
    }
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (error) => fail(error.message));
    child.on('exit', (code, signal) => fail(`exited with ${signal ?? code} before it was listening`));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
