// How each language's sample is run here: the file it is saved as and the command that runs it,
// in a directory of its own. A runner's command is its runtime, which setup installs
// (scripts/ensure-runtimes.mjs: the one list of runtimes, which the tests check too).
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { transformSync } from 'esbuild';

const exec = promisify(execFile);

/** Gson's jar from Debian's libgoogle-gson-java, the JSON library of the Java samples. */
export const GSON_JAR = '/usr/share/java/gson.jar';

export interface Runner {
  /** Saves `source` in `dir`; the command and arguments that run it there. */
  prepare(dir: string, source: string, sandboxUrl: string): Promise<[string, string[]]>;
}

/** Where a TypeScript sample resolves @klavi-pay/client: inside this package. */
const appDir = join(import.meta.dirname, '..', '..');

/** A language whose sample runs as it is: saved as `file`, run with `command` (on the file by default). */
const savedAs = (file: string, command: string, args = [file]): Runner => ({
  async prepare(dir, source) {
    writeFileSync(join(dir, file), source);
    return [command, args];
  },
});

export const RUNNERS: Record<string, Runner> = {
  curl: {
    async prepare(dir, source, sandboxUrl) {
      // The sample names the sandbox environment's host; here it is the local sandbox. curl fails
      // on a 4xx or 5xx answer, printing it, as the other samples do.
      const local = source.replace(/^curl -X (\w+) 'https?:\/\/[^/']+/, `curl -X $1 '${sandboxUrl}`);
      writeFileSync(join(dir, 'sample.sh'), `set -e\n${local} --fail-with-body --silent --show-error\n`);
      return ['bash', ['sample.sh']];
    },
  },
  '@klavi-pay/client': {
    async prepare(dir, source, sandboxUrl) {
      // Pointed at the local sandbox as a merchant would: baseUrl instead of the environment.
      const local = source.replace("environment: 'sandbox',", `baseUrl: ${JSON.stringify(sandboxUrl)},`);
      const { code } = transformSync(local, { loader: 'ts', format: 'esm' });
      const file = join(appDir, 'test-results', 'samples-run', `${dir.split('/').pop()}.mjs`);
      mkdirSync(join(appDir, 'test-results', 'samples-run'), { recursive: true });
      writeFileSync(file, code);
      return ['node', [file]];
    },
  },
  'JavaScript (fetch)': savedAs('sample.mjs', 'node'),
  Python: savedAs('sample.py', 'python3'),
  Ruby: savedAs('sample.rb', 'ruby'),
  PHP: savedAs('sample.php', 'php'),
  Java: savedAs('Sample.java', 'java', ['-cp', GSON_JAR, 'Sample.java']),
  Go: {
    async prepare(dir, source) {
      writeFileSync(join(dir, 'main.go'), source);
      return ['go', ['run', 'main.go']];
    },
  },
  'C#': {
    async prepare(dir, source) {
      writeFileSync(join(dir, 'Sample.cs'), source);
      await exec('mcs', ['-r:System.Net.Http', '-r:System.Runtime.Serialization', 'Sample.cs', '-out:Sample.exe'], {
        cwd: dir,
        timeout: 120_000,
      });
      return ['mono', ['Sample.exe']];
    },
  },
};
