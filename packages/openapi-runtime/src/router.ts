// Matches a request path against the spec's path templates. Segments are matched before they are
// decoded, so an encoded "/" inside an id (consent ids are URNs) stays inside its parameter.
import type { SpecOperation } from './model.js';

interface Route {
  template: string;
  segments: Array<{ literal: string } | { param: string }>;
  operations: Map<string, SpecOperation>;
}

export type Match =
  | { kind: 'operation'; operation: SpecOperation; path: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[]; template: string }
  | { kind: 'not-found' };

export class SpecRouter {
  readonly #routes: Route[] = [];

  constructor(operations: readonly SpecOperation[]) {
    const byTemplate = new Map<string, Route>();
    for (const operation of operations) {
      let route = byTemplate.get(operation.path);
      if (!route) {
        route = {
          template: operation.path,
          segments: operation.path
            .split('/')
            .slice(1)
            .map((segment) => {
              const param = /^\{(.+)\}$/.exec(segment)?.[1];
              return param ? { param } : { literal: segment };
            }),
          operations: new Map(),
        };
        byTemplate.set(operation.path, route);
      }
      route.operations.set(operation.method, operation);
    }
    // Templates with more literal segments win: `/merchants/apps` before `/merchants/{appId}`.
    const literals = (r: Route) => r.segments.filter((s) => 'literal' in s).length;
    this.#routes = [...byTemplate.values()].sort((a, b) => literals(b) - literals(a));
  }

  match(method: string, rawPath: string): Match {
    // parts[0] is the empty string before the leading "/"; segment i is parts[i + 1].
    const parts = rawPath.split('/');
    let allowed: Match | undefined;
    for (const route of this.#routes) {
      if (!fits(route, parts)) continue;
      const path = bind(route, parts);
      if (!path) continue;
      const operation = route.operations.get(method) ?? (method === 'HEAD' ? route.operations.get('GET') : undefined);
      if (operation) return { kind: 'operation', operation, path };
      allowed ??= { kind: 'method-not-allowed', allowed: [...route.operations.keys()], template: route.template };
    }
    return allowed ?? { kind: 'not-found' };
  }
}

/** Whether the parts have the route's length and literals: checked before anything is allocated. */
function fits(route: Route, parts: string[]): boolean {
  const { segments } = route;
  if (parts.length !== segments.length + 1) return false;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i + 1]!;
    if ('literal' in segment ? part !== segment.literal : part === '') return false;
  }
  return true;
}

/** The route's parameters, decoded; undefined when one does not decode. */
function bind(route: Route, parts: string[]): Record<string, string> | undefined {
  const path: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!;
    if ('literal' in segment) continue;
    try {
      path[segment.param] = decodeURIComponent(parts[i + 1]!);
    } catch {
      return undefined;
    }
  }
  return path;
}
