/** How a packet's or a plan's state is named and coloured wherever it is shown (the session's card, the plan). */
import type { ReviewState } from '../../../shared/reporting/review'
import type { ReportMessageKey } from '../../i18n/report-zh-CN'
import { READABLE } from '../report/readable-colors'

export const REVIEW_STATE_KEYS: Readonly<Record<ReviewState, ReportMessageKey>> = {
  due: 'steps.due',
  missing: 'steps.missing',
  waiting: 'steps.waiting',
  returned: 'steps.returned',
  accepted: 'steps.accepted',
}

export const REVIEW_STATE_COLORS: Readonly<Record<ReviewState, string>> = {
  due: READABLE.neutral,
  missing: READABLE.danger,
  waiting: READABLE.warning,
  returned: READABLE.danger,
  accepted: READABLE.success,
}
