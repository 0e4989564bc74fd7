// Module resolve hook: resolve workspace packages with the `@celltrial/source` export condition, which
// points them at their TypeScript sources (see packages/core/package.json "exports").
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes('@celltrial/source') ? context.conditions : [...context.conditions, '@celltrial/source']
  return nextResolve(specifier, { ...context, conditions })
}
