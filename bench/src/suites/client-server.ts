// The local HTTP server the client suite calls: it answers the token request and the create with
// the spec's own examples, and does nothing else, so the figures measure the clients and not a
// server. It runs in its own process so that its work does not share the clients' event loop.
// Prints its URL once listening; records nothing.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exampleAnswers } from './example-answers.js';

const answerFor = exampleAnswers(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')));

const server = createServer((request, response) => {
  // The body is read in full, as any server would, before answering.
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(answerFor(request.url ?? ''));
  });
});

server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
