import { describe, expect, it } from 'vitest'
import { packetStatus } from '../../../src/shared/reporting/packet'
import { readySession, session } from './records'

describe('一学一报 packet', () => {
  it('exists only for collective kinds', () => {
    expect(packetStatus(session({ kind: 'selfStudy' }), 3, '2026-11-10')).toBeNull()
    expect(packetStatus(session({ kind: 'online' }), 3, '2026-11-10')).toBeNull()
    expect(packetStatus(session({ kind: 'lectureGiven' }), 3, '2026-11-10')).toBeNull()
    expect(packetStatus(session({ kind: 'centerGroup' }), 3, '2026-11-10')).not.toBeNull()
    expect(packetStatus(session({ kind: 'themePartyDay' }), 3, '2026-11-10')).not.toBeNull()
  })

  it('judges record, attendance and photos from the session and the plan from its tick', () => {
    const empty = packetStatus(
      session({ kind: 'collective', summary: '', attendance: { expected: null, present: [], absent: [] } }),
      3,
      '2026-11-10',
    )!
    expect(empty.parts).toEqual({ plan: false, record: false, attendance: false, photos: false })
    expect(empty.readyCount).toBe(0)

    const ready = packetStatus(readySession({ packet: { planReady: true, reportedOn: '' } }), 3, '2026-11-10')!
    expect(ready.parts).toEqual({ plan: true, record: true, attendance: true, photos: true })
    expect(ready.isComplete).toBe(true)

    // Names without an expected count, or an expected count with nobody present, are not an attendance record.
    const noExpected = packetStatus(
      readySession({ attendance: { expected: null, present: ['张三'], absent: [] } }),
      3,
      '2026-11-10',
    )!
    expect(noExpected.parts.attendance).toBe(false)
    const nobody = packetStatus(
      readySession({ attendance: { expected: 5, present: [], absent: [] } }),
      3,
      '2026-11-10',
    )!
    expect(nobody.parts.attendance).toBe(false)
    expect(packetStatus(readySession({ summary: '   ' }), 3, '2026-11-10')!.parts.record).toBe(false)
  })

  it('is due M days after the session, across a month end and a year end', () => {
    expect(packetStatus(session({ kind: 'collective', date: '2026-11-29' }), 3, '2026-11-29')!.dueDate).toBe(
      '2026-12-02',
    )
    expect(packetStatus(session({ kind: 'collective', date: '2026-12-30' }), 3, '2026-12-30')!.dueDate).toBe(
      '2027-01-02',
    )
    expect(packetStatus(session({ kind: 'collective', date: '2026-02-27' }), 5, '2026-02-27')!.dueDate).toBe(
      '2026-03-04',
    )
  })

  it('is waiting, then due soon on the day before and the due day, then overdue the day after', () => {
    const s = session({ kind: 'collective', date: '2026-11-30' })
    expect(packetStatus(s, 3, '2026-11-30')!.state).toBe('waiting')
    expect(packetStatus(s, 3, '2026-12-01')!.state).toBe('waiting')
    expect(packetStatus(s, 3, '2026-12-02')!.state).toBe('dueSoon')
    expect(packetStatus(s, 3, '2026-12-03')!.state).toBe('dueSoon')
    expect(packetStatus(s, 3, '2026-12-03')!.daysLeft).toBe(0)
    expect(packetStatus(s, 3, '2026-12-04')!.state).toBe('overdue')
    expect(packetStatus(s, 3, '2026-12-04')!.daysLeft).toBe(-1)
  })

  it('with a deadline of 0 days is due on the session day itself', () => {
    const s = session({ kind: 'collective', date: '2026-11-30' })
    expect(packetStatus(s, 0, '2026-11-30')!.state).toBe('dueSoon')
    expect(packetStatus(s, 0, '2026-12-01')!.state).toBe('overdue')
  })

  it('is done once reported, even late and even with parts missing', () => {
    const s = session({
      kind: 'collective',
      date: '2026-10-01',
      packet: { planReady: false, reportedOn: '2026-10-20' },
    })
    const status = packetStatus(s, 3, '2026-11-10')!
    expect(status.state).toBe('reported')
    expect(status.isComplete).toBe(false)
  })

  it('treats a session stored before packets existed as an empty packet', () => {
    const old = session({ kind: 'collective', date: '2026-11-01' }) as Partial<ReturnType<typeof session>>
    delete old.packet
    const status = packetStatus(old as ReturnType<typeof session>, 3, '2026-11-10')!
    expect(status.parts.plan).toBe(false)
    expect(status.state).toBe('overdue')
  })
})
