import { getCurrentScope, onScopeDispose } from 'vue'

/** Registers cleanup when called inside a component or effect scope; a no-op elsewhere (e.g. in tests). */
export function tryOnScopeDispose(cleanup: () => void): boolean {
  if (!getCurrentScope()) return false
  onScopeDispose(cleanup)
  return true
}
