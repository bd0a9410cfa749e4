// One contender's in-memory timing, in a process of its own: `node client-memory.js NAME CALLS
// WARMUP` prints `{"ms": …}`. Run in the bench's own process, each contender inherited the heap the
// one before it left (axios's most of all), and the same client measured 50 to 90 µs a call
// depending on which contender had run before it.
import { CONTENDERS } from '../programs/index.js';
import { memoryFetch, timePerCall } from './client.js';

const [name, calls, warmup] = process.argv.slice(2);
const contender = CONTENDERS.find((c) => c.name === name);
if (!contender || !(Number(calls) > 0) || !(Number(warmup) >= 0)) {
  console.error(
    `usage: client-memory.js CONTENDER CALLS WARMUP (contenders: ${CONTENDERS.map((c) => c.name).join(', ')})`,
  );
  process.exit(2);
}
const ms = await timePerCall(contender, 'http://memory.invalid', Number(calls), Number(warmup), memoryFetch());
console.log(JSON.stringify({ ms }));
