// Kept for readers that want only the operations: the model is the one reading.
import { readModel, type SpecOperation } from './model.js';
import type { JsonObject } from './pointer.js';

export const readOperations = (doc: JsonObject): readonly SpecOperation[] => readModel(doc).operations;
