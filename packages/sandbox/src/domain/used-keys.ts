// The clientRequestIds already used, per app and kind of resource: a create with one of them is a
// 409 (domain/admission.ts). One Set per app and kind, of the ids themselves: the id is the string
// the stored request already holds, and its lookup needs no key built for it on every create.

export class UsedKeys {
  readonly #byApp = new Map<string, Map<string, Set<string>>>();

  /** Claims the id; false when it was claimed before. One lookup: the Set grows only for a new id. */
  claim(appId: string, kind: string, clientRequestId: string): boolean {
    const ids = this.#idsOf(appId, kind);
    const before = ids.size;
    ids.add(clientRequestId);
    return ids.size > before;
  }

  release(appId: string, kind: string, clientRequestId: string): void {
    this.#byApp.get(appId)?.get(kind)?.delete(clientRequestId);
  }

  /** Every claimed key, as `appId kind clientRequestId` (for tests and diagnostics). */
  *[Symbol.iterator](): IterableIterator<string> {
    for (const [appId, kinds] of this.#byApp)
      for (const [kind, ids] of kinds) for (const id of ids) yield `${appId} ${kind} ${id}`;
  }

  #idsOf(appId: string, kind: string): Set<string> {
    let kinds = this.#byApp.get(appId);
    if (!kinds) {
      kinds = new Map();
      this.#byApp.set(appId, kinds);
    }
    let ids = kinds.get(kind);
    if (!ids) {
      ids = new Set();
      kinds.set(kind, ids);
    }
    return ids;
  }
}
