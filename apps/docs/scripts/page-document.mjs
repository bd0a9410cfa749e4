// The document the reference page renders: the bundled spec with the generated code samples, the
// state-machine diagrams and the extended introduction. The build writes it to dist/openapi.json;
// `pnpm dev` makes it on every save and pushes it to the open pages.
import { addCodeSamples } from './code-samples.mjs';
import { renderDiagrams } from './diagrams.mjs';
import { extendIntroduction } from './intro.mjs';

/** @import { JsonObject, SpecModel } from '@klavi-pay/openapi-runtime' */
/** @import { IntroSpec } from './intro.mjs' */
/** @import { Diagram } from './diagrams.mjs' */

/**
 * @param {unknown} bundled the bundled spec; not modified
 * @param {SpecModel} model its model
 * @returns {Promise<{ spec: JsonObject & IntroSpec & { info: { title: string } }, diagrams: Diagram[] }>}
 */
export async function pageDocument(bundled, model) {
  /** @type {JsonObject & IntroSpec & { info: { title: string } }} */
  const spec = structuredClone(/** @type {any} */ (bundled));
  addCodeSamples(spec, model);
  const diagrams = await renderDiagrams(spec, model);
  extendIntroduction(spec, diagrams);
  return { spec, diagrams };
}
