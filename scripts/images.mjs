// `pnpm images …`: the Docker images of the sandbox and klavi-contract, built from this checkout.
//   pnpm images context [--out DIR] [--image NAME]... [--expect NAME@VERSION]...
//       the build contexts: each Dockerfile beside the packed tarballs it installs
//       (scripts/pack-images.mjs; default DIR tmp/images)
//   pnpm images smoke [--context DIR] [--timeout SECONDS]
//       with Docker: build both, run the sandbox on a named volume, make a payment, restart it,
//       read the payment back, and certify it with the klavi-contract image (scripts/image-smoke.mjs)
//   pnpm images smoke create|read --base-url URL --state FILE
//       the HTTP half of that, against any running sandbox
import { smokeMain } from './image-smoke.mjs';
import { contextMain } from './pack-images.mjs';

const [command, ...rest] = process.argv.slice(2);
if (command === 'context') process.exit(contextMain(rest));
else if (command === 'smoke') process.exit(await smokeMain(rest));
else {
  console.error(
    'usage: pnpm images context [--out DIR] [--image NAME]... [--expect NAME@VERSION]...\n       pnpm images smoke [--context DIR] [--timeout SECONDS]\n       pnpm images smoke create|read --base-url URL --state FILE [--timeout SECONDS]',
  );
  process.exit(2);
}
