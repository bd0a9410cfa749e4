// Everything a case needs: the base context (spec, client, recorder, server extras, data policy)
// and the shared fixtures.
import type { BaseContext } from './base-context.js';
import type { Fixtures } from './fixtures.js';

export interface RunContext extends BaseContext {
  fixtures: Fixtures;
}
