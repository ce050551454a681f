/**
 * Orders names by UTF-16 code unit, as `normalizeSchema` in the core orders a model, so that an introspected model
 * and a snapshot line up; unlike `localeCompare`, the same on every machine whatever its locale.
 */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
