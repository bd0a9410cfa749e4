// The code-generation figures are only worth comparing if every generator produced usable code
// from our bundle, and the program tsc times really is checked against it.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, GENERATORS, measureOutput, outputDir, typecheck, wrongBody } from '../src/suites/codegen.js';

describe.each(GENERATORS.map((g) => [g.name, g] as const))('%s', (_name, generator) => {
  it('generates from the bundle, and a program using its output compiles under strict', async () => {
    expect(await generate(generator)).toBeGreaterThan(0);
    const size = measureOutput(generator);
    expect(size.files).toBeGreaterThan(0);
    expect(size.bytes).toBeGreaterThan(10_000);
    const result = await typecheck(generator);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.instantiations).toBeGreaterThan(0);
  });

  it('makes tsc reject a numeric amount, so the check reads the generated types', async () => {
    if (!existsSync(outputDir(generator))) await generate(generator);
    const result = await typecheck(generator, wrongBody());
    expect(result.ok).toBe(false);
    expect(result.errors.join('\n')).toMatch(/number.*string|string.*number/);
  });
});
