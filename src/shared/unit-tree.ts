/**
 * The unit tree as screens list it: depth first, each unit under its parent, siblings in the order given (the
 * server's: oldest first). A unit whose parent is not in the list (a member's view holds only part of the tree)
 * starts a tree of its own, so no unit is ever left out.
 */
import type { UnitInfo } from './units'

export interface UnitTreeRow<T extends UnitInfo> {
  unit: T
  /** 0 for a unit at the top. */
  depth: number
}

export function unitTreeRows<T extends UnitInfo>(units: readonly T[]): UnitTreeRow<T>[] {
  const ids = new Set(units.map((u) => u.id))
  const children = new Map<string | null, T[]>()
  for (const unit of units) {
    const parent = unit.parentId !== null && ids.has(unit.parentId) ? unit.parentId : null
    children.set(parent, [...(children.get(parent) ?? []), unit])
  }
  const rows: UnitTreeRow<T>[] = []
  const seen = new Set<string>()
  const visit = (unit: T, depth: number): void => {
    // A cycle cannot come from the server (it refuses such a move); a list that has one still ends.
    if (seen.has(unit.id)) return
    seen.add(unit.id)
    rows.push({ unit, depth })
    for (const child of children.get(unit.id) ?? []) visit(child, depth + 1)
  }
  for (const root of children.get(null) ?? []) visit(root, 0)
  for (const unit of units) if (!seen.has(unit.id)) visit(unit, 0)
  return rows
}

/** The unit and every unit below it: where it may not be moved. */
export function subtreeIds(units: readonly UnitInfo[], unitId: string): Set<string> {
  const below = new Set([unitId])
  for (let grew = true; grew;) {
    grew = false
    for (const unit of units) {
      if (unit.parentId !== null && below.has(unit.parentId) && !below.has(unit.id)) {
        below.add(unit.id)
        grew = true
      }
    }
  }
  return below
}
