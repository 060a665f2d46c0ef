/**
 * PATCH semantics shared by the object modules (LOC-09, PIT-12, PIT-13): only the given fields
 * change; `null` removes an optional field (the merged object is validated again, so a required
 * field cannot be removed); nested lists of identified objects merge by their identifier.
 */

/** Top-level merge of `patch` into `target` (mutated and returned): values replace, `null` deletes. */
export function mergeFields<T extends object>(target: T, patch: Record<string, unknown>, skip: readonly string[] = []): T {
  const record = target as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined || skip.includes(field)) continue;
    if (value === null) delete record[field];
    else record[field] = value;
  }
  return target;
}

/**
 * Merges a list of partial objects into a stored list by identifier (case-insensitive): a known
 * item is merged with `mergeItem`, an unknown one appended as given (validation of the merged parent
 * refuses it when incomplete). Items of the stored list not mentioned stay as they are.
 */
export function mergeListById<T extends object>(
  stored: T[] | null | undefined,
  patches: readonly Record<string, unknown>[],
  idField: string,
  mergeItem: (current: T, patch: Record<string, unknown>) => T,
): T[] {
  const out = [...(stored ?? [])];
  for (const patch of patches) {
    const id = String(patch[idField]).toUpperCase();
    const index = out.findIndex((item) => String((item as Record<string, unknown>)[idField]).toUpperCase() === id);
    if (index >= 0) out[index] = mergeItem(out[index]!, patch);
    else out.push(patch as T);
  }
  return out;
}

/** Whether two objects hold the same data, ignoring every last_updated and key order. */
export function sameContent(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === 'last_updated') return undefined;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    }
    return v;
  });
}
