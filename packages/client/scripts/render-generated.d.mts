import type { SpecModel } from '@klavi-pay/openapi-runtime';

export declare function renderGenerated(model: SpecModel, typesDeclaration: string): Record<string, string>;
