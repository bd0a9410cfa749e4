// x-codeSamples for every operation, generated from the operation itself (method, path, security,
// parameters and its first request example), never written by hand, in every language of
// samples/index.mjs: curl, @klavi-pay/client, JavaScript (fetch), Python, Ruby, PHP, Java, Go and
// C#. What a sample says is made once (samples/request.mjs); each language writes it in its own
// idiom (samples/<language>.mjs). The webhooks get theirs from webhook-samples.mjs. The tests
// type-check the TypeScript samples and run every sample of every language against the sandbox.

import { isObject, pointerGet } from '@klavi-pay/openapi-runtime';
import { MODEL } from '@klavi-pay/spec/model';
import { LANGUAGES } from './samples/index.mjs';
import { sampleRequest } from './samples/request.mjs';
import { addWebhookSamples } from './webhook-samples.mjs';

export { earliestTodayFields, FRESH_KEY, parameterExample, TODAY } from './samples/request.mjs';

/** @import { JsonObject, SpecModel } from '@klavi-pay/openapi-runtime' */

/**
 * One entry of an operation's `x-codeSamples`, as Redoc reads it.
 * @typedef {{ lang: string, label: string, source: string }} CodeSample
 */

/**
 * Adds x-codeSamples to every operation and every webhook of `spec` (in place) and returns the
 * samples by operationId (a webhook's operationId, else its name).
 * @param {JsonObject} spec
 * @param {SpecModel} [model] the model of `spec`; by default the one the spec package publishes
 * @returns {Record<string, CodeSample[]>}
 */
export function addCodeSamples(spec, model = MODEL) {
  /** @type {Record<string, CodeSample[]>} */
  const byOperation = {};
  for (const op of model.operations) {
    const request = sampleRequest(spec, model, op);
    const samples = LANGUAGES.map(({ lang, label, render }) => ({ lang, label, source: render(request) }));
    const operation = pointerGet(spec, op.pointer);
    if (!isObject(operation))
      throw new Error(`${op.operationId} is not at ${op.pointer} in the spec: the model is of another spec`);
    operation['x-codeSamples'] = samples;
    byOperation[op.operationId] = samples;
  }
  for (const [operationId, samples] of Object.entries(addWebhookSamples(spec, model))) {
    if (byOperation[operationId]) throw new Error(`webhook ${operationId} has the operationId of an operation`);
    byOperation[operationId] = samples;
  }
  return byOperation;
}
