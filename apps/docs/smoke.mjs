import { spawnSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
const exec = promisify(execFile);
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
const { startSandbox, DEMO_CREDENTIALS } = await import('/work/main/packages/sandbox/dist/index.js');
const { addCodeSamples } = await import('/work/main/apps/docs/scripts/code-samples.mjs');
const spec = JSON.parse(readFileSync('/work/main/spec/dist/openapi.json', 'utf8'));
const samples = addCodeSamples(spec);
const sandbox = await startSandbox({ port: 0, quiet: true });
const c = DEMO_CREDENTIALS.CustomerBearer[0],
  m = DEMO_CREDENTIALS.ManagementBearer[0];
const env = {
  ...process.env,
  KLAVI_BASE_URL: sandbox.url,
  KLAVI_ACCESS_KEY: c.accessKey,
  KLAVI_SECRET_KEY: c.secretKey,
  KLAVI_MANAGEMENT_ACCESS_KEY: m.accessKey,
  KLAVI_MANAGEMENT_SECRET_KEY: m.secretKey,
};
const dir = '/tmp/smoke';
mkdirSync(dir, { recursive: true });
const run = {
  'JavaScript (fetch)': (src) => {
    writeFileSync(join(dir, 's.mjs'), src);
    return ['node', ['s.mjs']];
  },
  Python: (src) => {
    writeFileSync(join(dir, 's.py'), src);
    return ['python3', ['s.py']];
  },
  Ruby: (src) => {
    writeFileSync(join(dir, 's.rb'), src);
    return ['ruby', ['s.rb']];
  },
  PHP: (src) => {
    writeFileSync(join(dir, 's.php'), src);
    return ['php', ['s.php']];
  },
  Java: (src) => {
    writeFileSync(join(dir, 'Example.java'), src);
    return ['java', ['-cp', '/usr/share/java/gson.jar', 'Example.java']];
  },
  Go: (src) => {
    writeFileSync(join(dir, 'main.go'), src);
    return ['go', ['run', 'main.go']];
  },
  'C#': (src) => {
    writeFileSync(join(dir, 's.cs'), src);
    const r = spawnSync('mcs', ['-r:System.Net.Http', '-r:System.Runtime.Serialization', 's.cs', '-out:s.exe'], {
      cwd: dir,
      encoding: 'utf8',
    });
    if (r.status) return ['sh', ['-c', `echo '${(r.stdout + r.stderr).replace(/'/g, '')}'; exit 1`]];
    return ['mono', ['s.exe']];
  },
};
for (const op of process.argv.slice(2))
  for (const s of samples[op]) {
    const prep = run[s.label];
    if (!prep) continue;
    const [cmd, args] = prep(s.source);
    let r;
    try {
      r = await exec(cmd, args, { cwd: dir, env, encoding: 'utf8', timeout: 60000 });
      r.status = 0;
    } catch (e) {
      r = { status: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? String(e) };
    }
    console.log(op, s.label, 'exit', r.status, (r.stdout + r.stderr).replace(/\s+/g, ' ').slice(0, 160));
  }
await sandbox.close();
