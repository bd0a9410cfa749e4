// `pnpm release:version-of <package>`: in the release workflow, the version changesets just
// published of one package (from PUBLISHED_PACKAGES, changesets/action's publishedPackages
// output), written as `version=…` to $GITHUB_OUTPUT, or to stdout outside Actions. Nothing when
// the package was not in the release, so its image is not rebuilt.
import { appendFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** The version of `name` in a publishedPackages list, or undefined. */
export function publishedVersion(published, name) {
  let list;
  try {
    list = JSON.parse(published || '[]');
  } catch (error) {
    throw new Error(`PUBLISHED_PACKAGES is not JSON: ${error.message}`);
  }
  if (!Array.isArray(list)) throw new Error('PUBLISHED_PACKAGES must be a list of {name, version}');
  const found = list.find((entry) => entry && entry.name === name);
  if (found && !/^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(String(found.version)))
    throw new Error(`${name}: ${JSON.stringify(found.version)} is not a version`);
  return found?.version;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const name = process.argv[2];
  if (!name) {
    console.error('usage: pnpm release:version-of <package>');
    process.exit(2);
  }
  const version = publishedVersion(process.env.PUBLISHED_PACKAGES, name);
  const line = `version=${version ?? ''}\n`;
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, line);
  else process.stdout.write(line);
}
