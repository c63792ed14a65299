import { describe, expect, it } from 'vitest'
import { uuidv7 } from '../../../src/shared/ids'
import { recordTypes, type FieldsOf, type RecordTable } from '../../../src/shared/records'
import { applyMutation, type MergeOutcome, type ServerRecord } from '../../../src/shared/sync/merge'
import type { Mutation } from '../../../src/shared/sync/protocol'

function studySession(overrides: Partial<FieldsOf['studySessions']> = {}): FieldsOf['studySessions'] {
  return {
    ...recordTypes.studySessions.blank('2026-11-10'),
    topic: '深入学习党的二十大精神',
    summary: '传达学习全会精神。',
    ...overrides,
  }
}

function readingNote(overrides: Partial<FieldsOf['readingNotes']> = {}): FieldsOf['readingNotes'] {
  const blank = recordTypes.readingNotes.blank('2026-11-11')
  return {
    ...blank,
    source: { ...blank.source, title: '《习近平谈治国理政》第四卷' },
    excerpt: '江山就是人民，人民就是江山。',
    ...overrides,
  }
}

interface Device {
  deviceKey: number
  deviceId: string
}

const PHONE: Device = { deviceKey: 1, deviceId: uuidv7() }
const LAPTOP: Device = { deviceKey: 2, deviceId: uuidv7() }
const TABLET: Device = { deviceKey: 3, deviceId: uuidv7() }

/** One record on the server, with the account's revision counter: what push.ts keeps around applyMutation. */
class ServerCopy {
  record: ServerRecord | null = null
  rev = 0
  private seq = 0

  constructor(readonly recordId: string = uuidv7()) {}

  mutation(
    table: RecordTable,
    op: Mutation['op'],
    changes: Record<string, unknown>,
    baseRev: number | null,
    extra: Partial<Mutation> = {},
  ): Mutation {
    return {
      id: uuidv7(),
      seq: ++this.seq,
      table,
      recordId: this.recordId,
      op,
      changes,
      baseRev,
      at: '2026-11-20T09:30:00.000Z',
      ...extra,
    }
  }

  push(device: Device, m: Mutation): MergeOutcome {
    const outcome = applyMutation(this.record, m, { ...device, nextRev: this.rev + 1, newId: uuidv7 })
    if (outcome.changed && outcome.record) {
      this.rev += 1
      this.record = outcome.record
    }
    return outcome
  }

  /** Pushes and fails the test unless the server took the change. */
  accept(device: Device, m: Mutation): MergeOutcome {
    const outcome = this.push(device, m)
    if (outcome.result.status === 'refused') throw new Error(`refused: ${JSON.stringify(outcome.result.refusal)}`)
    return outcome
  }

  get fields(): Record<string, unknown> {
    return this.record!.fields
  }
}

/** A study session created by the phone at revision 1. */
function sessionOnServer(overrides: Partial<FieldsOf['studySessions']> = {}): ServerCopy {
  const server = new ServerCopy()
  server.accept(PHONE, server.mutation('studySessions', 'create', { ...studySession(overrides) }, null))
  return server
}

const DELETED_AT = '2026-11-20T10:00:00.000Z'

describe('applyMutation: creating', () => {
  it('creates a record that did not exist, at the next revision, with its fields validated', () => {
    const server = new ServerCopy()
    const outcome = server.push(
      PHONE,
      server.mutation('studySessions', 'create', { ...studySession() }, null, { at: '2026-11-10T08:00:00.000Z' }),
    )
    expect(outcome.changed).toBe(true)
    expect(outcome.result).toMatchObject({ status: 'applied', rev: 1 })
    expect(outcome.record).toMatchObject({
      table: 'studySessions',
      id: server.recordId,
      rev: 1,
      deletedAt: null,
      conflicts: [],
      deviceId: PHONE.deviceId,
      createdAt: '2026-11-10T08:00:00.000Z',
      updatedAt: '2026-11-10T08:00:00.000Z',
    })
    expect(outcome.record!.fields).toEqual(studySession())
  })

  it('refuses to create a record that would not pass the form, saying why in Chinese', () => {
    const server = new ServerCopy()
    const outcome = server.push(
      PHONE,
      server.mutation('studySessions', 'create', { ...studySession({ topic: '' }) }, null),
    )
    expect(outcome.changed).toBe(false)
    expect(outcome.record).toBeNull()
    expect(outcome.result).toMatchObject({
      status: 'refused',
      rev: null,
      refusal: { code: 'invalid', fields: [{ path: 'topic', message: '请填写学习主题' }] },
    })
  })

  it.each(['update', 'delete', 'restore', 'resolve'] as const)(
    'refuses %s of a record the server does not have, as not_found',
    (op) => {
      const server = new ServerCopy()
      const changes =
        op === 'delete' ? { deletedAt: DELETED_AT } : op === 'restore' ? { deletedAt: null } : { topic: '新主题' }
      const outcome = server.push(PHONE, server.mutation('studySessions', op, changes, 3))
      expect(outcome.changed).toBe(false)
      expect(outcome.record).toBeNull()
      expect(outcome.result.status).toBe('refused')
      expect(outcome.result.rev).toBeNull()
      expect(outcome.result.refusal?.code).toBe('not_found')
      expect(outcome.result.refusal?.message).toContain('服务器上没有这条记录')
    },
  )
})

describe('applyMutation: edits on both sides', () => {
  it('applies a change nobody else has touched since its base as "applied"', () => {
    const server = sessionOnServer()
    const outcome = server.accept(
      LAPTOP,
      server.mutation('studySessions', 'update', { topic: '学习《中国共产党章程》' }, 1),
    )
    expect(outcome.result).toEqual({ id: expect.any(String), seq: 2, status: 'applied', rev: 2 })
    expect(server.fields.topic).toBe('学习《中国共产党章程》')
    expect(server.record!.deviceId).toBe(LAPTOP.deviceId)
  })

  it('merges changes to different fields from two devices, keeping both, as "merged"', () => {
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'update', { topic: '学习《中国共产党章程》' }, 1))
    const outcome = server.accept(
      PHONE,
      server.mutation('studySessions', 'update', { summary: '逐章学习党章。', durationHours: 3 }, 1),
    )
    expect(outcome.result.status).toBe('merged')
    expect(outcome.result.rev).toBe(3)
    expect(outcome.result.conflictFields).toBeUndefined()
    expect(server.fields).toMatchObject({
      topic: '学习《中国共产党章程》',
      summary: '逐章学习党章。',
      durationHours: 3,
    })
    expect(server.record!.conflicts).toEqual([])
  })

  it('calls a change "applied", not "merged", once its device has seen the other change', () => {
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'update', { topic: '学习《中国共产党章程》' }, 1))
    const outcome = server.accept(PHONE, server.mutation('studySessions', 'update', { summary: '逐章学习党章。' }, 2))
    expect(outcome.result.status).toBe('applied')
  })

  it('keeps the server value of a field both devices changed and keeps the other value as a conflict', () => {
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'update', { topic: '笔记本上的主题' }, 1))
    const fromPhone = server.mutation('studySessions', 'update', { topic: '手机上的主题', place: '三楼会议室' }, 1, {
      at: '2026-11-20T11:11:00.000Z',
    })
    const outcome = server.push(PHONE, fromPhone)
    expect(outcome.changed).toBe(true)
    expect(outcome.result).toMatchObject({ status: 'conflict', rev: 3, conflictFields: ['topic'] })
    expect(server.fields.topic).toBe('笔记本上的主题')
    // The rest of the same change still goes through.
    expect(server.fields.place).toBe('三楼会议室')
    expect(server.record!.conflicts).toEqual([
      {
        id: expect.any(String),
        kind: 'field',
        field: 'topic',
        value: '手机上的主题',
        deviceId: PHONE.deviceId,
        at: '2026-11-20T11:11:00.000Z',
        rev: 3,
      },
    ])
    expect(server.record!.rev).toBe(3)
  })

  it('keeps a long text that lost a conflict word for word', () => {
    const longSummary = '会议传达学习了全会精神。'.repeat(500)
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'update', { summary: '简短小结' }, 1))
    server.push(PHONE, server.mutation('studySessions', 'update', { summary: longSummary }, 1))
    expect(server.fields.summary).toBe('简短小结')
    expect(server.record!.conflicts.map((c) => c.value)).toEqual([longSummary])
  })

  it('never puts a device in conflict with its own earlier change', () => {
    const server = sessionOnServer()
    server.accept(PHONE, server.mutation('studySessions', 'update', { topic: '第一次修改' }, 1))
    // Offline, the phone edits again on the revision it had: its own later value simply replaces the earlier one.
    const outcome = server.accept(PHONE, server.mutation('studySessions', 'update', { topic: '第二次修改' }, 1))
    expect(outcome.result.status).toBe('applied')
    expect(server.fields.topic).toBe('第二次修改')
    expect(server.record!.conflicts).toEqual([])
  })

  it('does conflict with another device that changed the field after the own change', () => {
    const server = sessionOnServer()
    server.accept(PHONE, server.mutation('studySessions', 'update', { topic: '手机的修改' }, 1))
    server.accept(LAPTOP, server.mutation('studySessions', 'update', { topic: '笔记本的修改' }, 2))
    const outcome = server.push(PHONE, server.mutation('studySessions', 'update', { topic: '手机再次修改' }, 2))
    expect(outcome.result.status).toBe('conflict')
    expect(server.fields.topic).toBe('笔记本的修改')
  })

  it('lets two devices that typed the same value converge without a conflict', () => {
    const server = sessionOnServer()
    server.accept(
      LAPTOP,
      server.mutation('studySessions', 'update', { topic: '学习《中国共产党章程》', tags: ['党章'] }, 1),
    )
    const outcome = server.push(
      PHONE,
      server.mutation('studySessions', 'update', { topic: '学习《中国共产党章程》', tags: ['党章'] }, 1),
    )
    expect(outcome.result.status).toBe('applied')
    expect(outcome.changed).toBe(false)
    expect(server.record!.conflicts).toEqual([])
    expect(server.rev).toBe(2)
  })

  it('compares nested values by content, so an equal copy of a group is no change', () => {
    const server = sessionOnServer({
      attendance: { expected: 10, present: ['李志强'], absent: [{ name: '张伟', reason: '出差' }] },
    })
    const outcome = server.push(
      LAPTOP,
      server.mutation(
        'studySessions',
        'update',
        { attendance: { expected: 10, present: ['李志强'], absent: [{ name: '张伟', reason: '出差' }] } },
        1,
      ),
    )
    expect(outcome.changed).toBe(false)
    expect(server.rev).toBe(1)
  })
})

describe('applyMutation: delete against edit', () => {
  it('deletes a record nobody else changed since the base', () => {
    const server = sessionOnServer()
    const outcome = server.accept(LAPTOP, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1))
    expect(outcome.result).toMatchObject({ status: 'applied', rev: 2 })
    expect(server.record!.deletedAt).toBe(DELETED_AT)
    // The tombstone keeps its fields, so an undo or a revival has something to show.
    expect(server.fields.topic).toBe('深入学习党的二十大精神')
  })

  it('does not delete a record another device edited since the base, and says so with a delete conflict', () => {
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'update', { summary: '补充了会议小结。' }, 1))
    const outcome = server.push(
      PHONE,
      server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1, { at: DELETED_AT }),
    )
    expect(outcome.result).toMatchObject({ status: 'conflict', rev: 3, conflictFields: ['deletedAt'] })
    expect(server.record!.deletedAt).toBeNull()
    expect(server.fields.summary).toBe('补充了会议小结。')
    expect(server.record!.conflicts).toEqual([
      {
        id: expect.any(String),
        kind: 'delete',
        field: 'deletedAt',
        value: DELETED_AT,
        deviceId: PHONE.deviceId,
        at: DELETED_AT,
        rev: 3,
      },
    ])
  })

  it('deletes when the only edits since the base were the deleting device’s own', () => {
    const server = sessionOnServer()
    server.accept(PHONE, server.mutation('studySessions', 'update', { summary: '手机补充。' }, 1))
    server.accept(PHONE, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1))
    expect(server.record!.deletedAt).toBe(DELETED_AT)
    expect(server.record!.conflicts).toEqual([])
  })

  it('brings back a record another device deleted when an edit did not know of the deletion', () => {
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1))
    const outcome = server.push(PHONE, server.mutation('studySessions', 'update', { summary: '会后又补充了内容。' }, 1))
    expect(outcome.result).toMatchObject({ status: 'conflict', rev: 3, conflictFields: ['deletedAt'] })
    expect(server.record!.deletedAt).toBeNull()
    expect(server.fields.summary).toBe('会后又补充了内容。')
    expect(server.record!.conflicts).toMatchObject([{ kind: 'delete', field: 'deletedAt', value: DELETED_AT, rev: 3 }])
  })

  it('applies an edit made knowing of the deletion to the tombstone, which stays deleted', () => {
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1))
    const outcome = server.accept(
      PHONE,
      server.mutation('studySessions', 'update', { summary: '已删除记录上的修改。' }, 2),
    )
    expect(outcome.result.status).toBe('applied')
    expect(server.record!.deletedAt).toBe(DELETED_AT)
    expect(server.fields.summary).toBe('已删除记录上的修改。')
    expect(server.record!.conflicts).toEqual([])
  })

  it('does not revive a record for an edit that changes nothing', () => {
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1))
    const outcome = server.push(
      PHONE,
      server.mutation('studySessions', 'update', { topic: '深入学习党的二十大精神' }, 1),
    )
    expect(outcome.changed).toBe(false)
    expect(server.record!.deletedAt).toBe(DELETED_AT)
  })

  it('restores a deleted record, and a restore of a live record changes nothing', () => {
    const server = sessionOnServer()
    server.accept(PHONE, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1))
    const restored = server.accept(LAPTOP, server.mutation('studySessions', 'restore', { deletedAt: null }, 2))
    expect(restored.result).toMatchObject({ status: 'applied', rev: 3 })
    expect(server.record!.deletedAt).toBeNull()
    expect(server.fields.topic).toBe('深入学习党的二十大精神')

    const again = server.push(PHONE, server.mutation('studySessions', 'restore', { deletedAt: null }, 3))
    expect(again.changed).toBe(false)
    expect(again.result).toMatchObject({ status: 'applied', rev: 3 })
  })

  it('lets a deleted record be deleted again without a new revision', () => {
    const server = sessionOnServer()
    server.accept(PHONE, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1))
    const again = server.push(
      LAPTOP,
      server.mutation('studySessions', 'delete', { deletedAt: '2026-11-21T00:00:00.000Z' }, 1),
    )
    expect(again.changed).toBe(false)
    expect(server.record!.deletedAt).toBe(DELETED_AT)
  })
})

describe('applyMutation: resolving conflicts', () => {
  /** A record carrying two conflicts: on topic and on place. */
  function recordWithTwoConflicts(): ServerCopy {
    const server = sessionOnServer()
    server.accept(
      LAPTOP,
      server.mutation('studySessions', 'update', { topic: '笔记本的主题', place: '笔记本的地点' }, 1),
    )
    server.push(PHONE, server.mutation('studySessions', 'update', { topic: '手机的主题' }, 1))
    server.push(TABLET, server.mutation('studySessions', 'update', { place: '平板的地点' }, 1))
    expect(server.record!.conflicts.map((c) => c.field)).toEqual(['topic', 'place'])
    return server
  }

  it('removes the conflicts it names, only those, and applies its changes', () => {
    const server = recordWithTwoConflicts()
    const [topicConflict, placeConflict] = server.record!.conflicts
    const outcome = server.accept(
      PHONE,
      server.mutation('studySessions', 'resolve', { topic: '手机的主题' }, server.rev, {
        resolves: [topicConflict!.id],
      }),
    )
    expect(outcome.result).toMatchObject({ status: 'applied', rev: 5 })
    expect(server.fields.topic).toBe('手机的主题')
    expect(server.fields.place).toBe('笔记本的地点')
    expect(server.record!.conflicts).toEqual([placeConflict])
  })

  it('settles a conflict by keeping the server value: no field changes, the conflict still goes', () => {
    const server = recordWithTwoConflicts()
    const ids = server.record!.conflicts.map((c) => c.id)
    const outcome = server.accept(
      LAPTOP,
      server.mutation('studySessions', 'resolve', {}, server.rev, { resolves: ids }),
    )
    expect(outcome.changed).toBe(true)
    expect(outcome.result.rev).toBe(5)
    expect(server.record!.conflicts).toEqual([])
    expect(server.fields).toMatchObject({ topic: '笔记本的主题', place: '笔记本的地点' })
  })

  it('changes nothing when it names no conflict the record has and sets no new value', () => {
    const server = recordWithTwoConflicts()
    const before = server.record
    const outcome = server.push(
      LAPTOP,
      server.mutation('studySessions', 'resolve', {}, server.rev, { resolves: [uuidv7()] }),
    )
    expect(outcome.changed).toBe(false)
    expect(outcome.record).toBe(before)
    expect(server.record!.conflicts).toHaveLength(2)
  })

  it('settles a delete conflict by deleting again', () => {
    const server = sessionOnServer()
    server.accept(LAPTOP, server.mutation('studySessions', 'update', { summary: '补充。' }, 1))
    server.push(PHONE, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 1))
    const [conflict] = server.record!.conflicts
    expect(conflict!.kind).toBe('delete')
    server.accept(
      PHONE,
      server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, 3, { resolves: [conflict!.id] }),
    )
    expect(server.record!.deletedAt).toBe(DELETED_AT)
    expect(server.record!.conflicts).toEqual([])
  })
})

describe('applyMutation: refusals', () => {
  it('refuses a field the server does not know, naming it, and leaves the record alone', () => {
    const server = sessionOnServer()
    const before = server.record
    const outcome = server.push(
      LAPTOP,
      server.mutation('studySessions', 'update', { topic: '新主题', mood: '愉快' }, 1),
    )
    expect(outcome.changed).toBe(false)
    expect(outcome.record).toBe(before)
    expect(outcome.result.refusal).toMatchObject({
      code: 'unknown_field',
      fields: [{ path: 'mood', message: '无法识别的字段：mood' }],
    })
    expect(outcome.result.refusal!.message).toContain('mood')
    expect(server.fields.topic).toBe('深入学习党的二十大精神')
  })

  it('refuses a field of another record type as unknown', () => {
    const server = sessionOnServer()
    const outcome = server.push(LAPTOP, server.mutation('studySessions', 'update', { excerpt: '原文' }, 1))
    expect(outcome.result.refusal?.code).toBe('unknown_field')
  })

  it.each([
    ['deletedAt inside an update', 'update', { topic: '新主题', deletedAt: DELETED_AT }],
    ['deletedAt inside a create', 'create', { ...studySession(), deletedAt: null }],
    ['a delete without a time', 'delete', { deletedAt: null }],
    ['a delete with an empty time', 'delete', { deletedAt: '' }],
    ['a delete that also edits', 'delete', { deletedAt: DELETED_AT, topic: '新主题' }],
    ['a delete with no changes', 'delete', {}],
    ['a restore with a time', 'restore', { deletedAt: DELETED_AT }],
    ['a restore that also edits', 'restore', { deletedAt: null, topic: '新主题' }],
  ] as const)('refuses %s as bad_op', (_case, op, changes) => {
    const server = sessionOnServer()
    const before = server.record
    const outcome = server.push(LAPTOP, server.mutation('studySessions', op, { ...changes }, 1))
    expect(outcome.result.status).toBe('refused')
    expect(outcome.result.refusal?.code).toBe('bad_op')
    expect(outcome.result.refusal?.message).toContain('删除或恢复的请求格式不正确')
    expect(outcome.record).toBe(before)
    expect(server.rev).toBe(1)
  })

  it('refuses a change that would break the record, with the Chinese field message, and keeps the record as it was', () => {
    const server = sessionOnServer()
    const before = structuredClone(server.record)
    const outcome = server.push(
      LAPTOP,
      server.mutation('studySessions', 'update', { topic: '学'.repeat(201), place: '三楼会议室' }, 1),
    )
    expect(outcome.changed).toBe(false)
    expect(outcome.result).toMatchObject({ status: 'refused', rev: null })
    expect(outcome.result.refusal).toMatchObject({
      code: 'invalid',
      fields: [{ path: 'topic', message: '学习主题不能超过 200 字' }],
    })
    expect(outcome.result.refusal!.message).toBe('服务器未接受这次修改：学习主题不能超过 200 字')
    expect(server.record).toEqual(before)
    expect(server.rev).toBe(1)
  })

  it('names every broken field of a refused change', () => {
    const server = sessionOnServer()
    const outcome = server.push(
      LAPTOP,
      server.mutation('studySessions', 'update', { date: '2026-02-30', durationHours: 30 }, 1),
    )
    expect(outcome.result.refusal?.fields).toEqual([
      { path: 'date', message: '日期不是有效日期' },
      { path: 'durationHours', message: '时长不能大于 24' },
    ])
  })

  it('refuses a merge that leaves a reading note with neither excerpt nor reflection, though each side alone was valid', () => {
    const server = new ServerCopy()
    server.accept(
      PHONE,
      server.mutation(
        'readingNotes',
        'create',
        { ...readingNote({ excerpt: '江山就是人民。', reflection: '要始终把人民放在心中最高位置。' }) },
        null,
      ),
    )
    server.accept(LAPTOP, server.mutation('readingNotes', 'update', { reflection: '' }, 1))
    const before = structuredClone(server.record)
    const outcome = server.push(PHONE, server.mutation('readingNotes', 'update', { excerpt: '' }, 1))
    expect(outcome.result.status).toBe('refused')
    expect(outcome.result.refusal).toMatchObject({
      code: 'invalid',
      fields: [{ path: 'excerpt', message: '原文摘抄和心得体会至少填写一项' }],
    })
    expect(server.record).toEqual(before)
    expect(server.fields).toMatchObject({ excerpt: '江山就是人民。', reflection: '' })
  })

  it('refuses a change addressed to another table than the record’s', () => {
    const server = sessionOnServer()
    const before = server.record
    const outcome = server.push(LAPTOP, server.mutation('readingNotes', 'update', { excerpt: '原文' }, 1))
    expect(outcome.result.status).toBe('refused')
    expect(outcome.result.refusal?.code).toBe('not_found')
    expect(outcome.record).toBe(before)
  })
})

describe('applyMutation: revisions', () => {
  it('does not spend a revision on a change that changes nothing', () => {
    const server = sessionOnServer()
    const before = server.record
    const outcome = server.push(
      LAPTOP,
      server.mutation('studySessions', 'update', { topic: '深入学习党的二十大精神', durationHours: 2 }, 1),
    )
    expect(outcome.changed).toBe(false)
    expect(outcome.record).toBe(before)
    expect(outcome.result).toMatchObject({ status: 'applied', rev: 1 })
  })

  it('stamps the record with the revision, device and time of the latest change', () => {
    const server = sessionOnServer()
    server.accept(
      LAPTOP,
      server.mutation('studySessions', 'update', { place: '党员活动室' }, 1, { at: '2026-11-21T15:00:00.000Z' }),
    )
    expect(server.record).toMatchObject({ rev: 2, deviceId: LAPTOP.deviceId, updatedAt: '2026-11-21T15:00:00.000Z' })
    // createdAt is the creation's, whatever came later.
    expect(server.record!.createdAt).toBe('2026-11-20T09:30:00.000Z')
  })
})

describe('applyMutation: records an older schema let in', () => {
  it('can still be deleted, restored, and have a conflict settled, though their fields would not pass today', () => {
    const server = sessionOnServer()
    // As if stored before the topic limit was lowered to 200 characters.
    server.record = { ...server.record!, fields: { ...server.fields, topic: '长'.repeat(250) } }
    expect(
      server.push(PHONE, server.mutation('studySessions', 'delete', { deletedAt: DELETED_AT }, server.rev)).result
        .status,
    ).toBe('applied')
    expect(server.record.deletedAt).toBe(DELETED_AT)
    expect(
      server.push(PHONE, server.mutation('studySessions', 'restore', { deletedAt: null }, server.rev)).result.status,
    ).toBe('applied')
    expect(server.record.deletedAt).toBeNull()
    // An edit that keeps the over-long field is still refused: the person must fix it first.
    expect(
      server.push(PHONE, server.mutation('studySessions', 'update', { place: '会议室' }, server.rev)).result.status,
    ).toBe('refused')
  })
})
