/** Who is looking, from the device's copy of the account and its organization (shared/units-view.ts). */
import type { DashboardInput } from '../../shared/reporting/dashboard'
import { countsAsOwn, reportsPacket, type Viewer } from '../../shared/units-view'
import type { XsjDatabase } from '../db/schema'
import { readMyUnits } from './my-units'

export async function readViewer(db: XsjDatabase): Promise<Viewer> {
  const [account, units] = await Promise.all([db.meta.get('account'), readMyUnits(db)])
  return { accountId: account?.key === 'account' ? account.accountId : null, units }
}

/**
 * The person's own records among those read (countsAsOwn), with the sessions whose packets others send: what every
 * figure of theirs (首页, reminders, the year view, exports) is counted from. Others' shared records stay out.
 */
export function ownInput<T extends Omit<DashboardInput, 'othersReport'>>(
  input: T,
  viewer: Viewer,
): T & Pick<DashboardInput, 'othersReport'> {
  const studySessions = input.studySessions.filter((s) => countsAsOwn('studySessions', s, viewer))
  const othersReport = new Set(studySessions.filter((s) => s.unitId && !reportsPacket(s, viewer)).map((s) => s.id))
  return {
    ...input,
    studySessions,
    readingNotes: input.readingNotes.filter((n) => countsAsOwn('readingNotes', n, viewer)),
    visits: input.visits.filter((v) => countsAsOwn('visits', v, viewer)),
    ...(othersReport.size > 0 ? { othersReport } : {}),
  }
}
