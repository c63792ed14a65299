import { afterEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, ref, watch } from 'vue'
import { useRecordList } from '../../../src/app/composables/use-record-list'
import type { ListFilter } from '../../../src/app/db/queries'
import { RecordRepository } from '../../../src/app/db/repository'
import type { XsjDatabase } from '../../../src/app/db/schema'
import { freshDatabase, studySession } from '../db/support'

let db: XsjDatabase
afterEach(async () => {
  await db.delete()
})

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

async function settle(isLoading: { value: boolean }): Promise<void> {
  for (let i = 0; i < 200 && isLoading.value; i++) await tick()
  await tick()
}

describe('useRecordList', () => {
  // CI saw a unit session twice on a member's list: a sync landed as the list opened, and a page the list asked for
  // in between was appended to what the reload had already shown.
  it.each([
    [1, 0],
    [2, 0],
    [3, 0],
    [2, 1],
    [3, 2],
  ])('shows each record once when %i syncs land as the list opens, %i ticks apart', async (bumps, wait) => {
    db = freshDatabase()
    const repo = new RecordRepository(db)
    const ids: string[] = []
    for (let day = 1; day <= 5; day++) {
      ids.push((await repo.save('studySessions', studySession({ date: `2026-09-0${day}` }))).id)
    }
    const changeCount = ref(0)
    const scope = effectScope()
    const list = scope.run(() => {
      const made = useRecordList(db, ref('studySessions' as const), ref<ListFilter>({}), { pageSize: 30, changeCount })
      // What Vant's List does: whenever loading ends with the list not finished, it asks for more.
      watch(
        made.isLoading,
        (loading) => {
          if (!loading && !made.isFinished.value) void made.loadMore()
        },
        { flush: 'sync' },
      )
      return made
    })
    if (!list) throw new Error('no list')
    // Syncs landing as the list opens, each a little later than the one before.
    for (let i = 0; i < bumps; i++) {
      changeCount.value++
      await nextTick()
      for (let t = 0; t < wait; t++) await tick()
    }
    void list.loadMore()
    await settle(list.isLoading)
    scope.stop()
    const shown = list.records.value.map((r) => r.id)
    expect([...shown].sort()).toEqual([...ids].sort())
  })
})
