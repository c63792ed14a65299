import { describe, expect, it } from 'vitest'
import { subtreeIds, unitTreeRows } from '../../src/shared/unit-tree'
import { checkUnitName, newUnitRequestSchema, type UnitInfo } from '../../src/shared/units'

const unit = (id: string, name: string, parentId: string | null = null): UnitInfo => ({
  id,
  kind: 'branch',
  name,
  parentId,
})
// In the server's order (oldest first): a branch made before its group cell's parent moved under it.
const UNITS = [
  unit('P', '局党委'),
  unit('C', '中心组', 'P'),
  unit('B1', '第一支部', 'P'),
  unit('G', '第一党小组', 'B1'),
  unit('W', '市直机关工委'),
  unit('B2', '第二支部', 'P'),
]

describe('the unit tree', () => {
  it('lists each unit under its parent, depth first, siblings in the given order', () => {
    expect(unitTreeRows(UNITS).map((r) => `${'  '.repeat(r.depth)}${r.unit.name}`)).toEqual([
      '局党委',
      '  中心组',
      '  第一支部',
      '    第一党小组',
      '  第二支部',
      '市直机关工委',
    ])
  })

  it('puts a unit whose parent is not listed at the top, and never loops', () => {
    expect(unitTreeRows([unit('C', '中心组', 'P'), unit('G', '小组', 'C')]).map((r) => [r.unit.id, r.depth])).toEqual([
      ['C', 0],
      ['G', 1],
    ])
    expect(unitTreeRows([unit('A', 'A', 'B'), unit('B', 'B', 'A')]).map((r) => r.unit.id)).toEqual(['A', 'B'])
  })

  it('knows a unit’s subtree (where it may not move)', () => {
    expect([...subtreeIds(UNITS, 'P')].sort()).toEqual(['B1', 'B2', 'C', 'G', 'P'])
    expect([...subtreeIds(UNITS, 'B1')].sort()).toEqual(['B1', 'G'])
    expect([...subtreeIds(UNITS, 'W')]).toEqual(['W'])
  })
})

describe('a unit’s name', () => {
  it('is refused empty or over 60 characters, in Chinese, as the server’s schema would', () => {
    for (const name of ['', '   ', '党'.repeat(61), '局党委理论学习中心组', '党'.repeat(60)]) {
      const isAccepted = newUnitRequestSchema.safeParse({ kind: 'branch', name }).success
      expect(checkUnitName(name) === null, name).toBe(isAccepted)
    }
    expect(checkUnitName(' ')).toBe('请填写党组织的名称')
    expect(checkUnitName('党'.repeat(61))).toBe('名称至多 60 个字，现在 61 个')
    expect(checkUnitName('', 'en-US')).toBe('Enter the unit’s name')
  })
})
