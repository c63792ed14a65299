/**
 * A step of a unit session's 一学一报 packet (docs/review.md): 报送, 退回整改 or 通过. Events travel as records of their
 * own kind, owned by the session's unit, and are only ever created: the packet's history is the list of them.
 */
import type * as z from 'zod/mini'
import { choice, defineFields, instant, link, longText, number, optionalNumber, rows, snapshot, text } from '../fields'
import { studySessionFields } from './study-session'

export const REVIEW_EVENT_KINDS = ['submitted', 'returned', 'accepted'] as const
export type ReviewEventKind = (typeof REVIEW_EVENT_KINDS)[number]

export const REVIEW_EVENT_KIND_LABELS = {
  submitted: { zh: '报送', en: 'Submitted' },
  returned: { zh: '退回整改', en: 'Returned' },
  accepted: { zh: '通过', en: 'Accepted' },
} as const

export const MAX_REVIEW_COMMENT_LENGTH = 2000

/** A unit's study plan as filed upward (学习计划 / 配档表, docs/review.md "Plans"): a year, or one of its quarters. */
const planFields = defineFields({
  year: number({ label: { zh: '年度', en: 'Year' }, min: 2000, max: 2100, step: 1, required: true }),
  /** 1–4 for a quarter's plan; null for the whole year's. */
  quarter: optionalNumber({ label: { zh: '季度', en: 'Quarter' }, min: 1, max: 4, step: 1 }),
  sessions: rows(
    {
      label: { zh: '计划的学习', en: 'Planned sessions' },
      addLabel: { zh: '添加一次学习', en: 'Add a session' },
      maxItems: 372,
    },
    defineFields({
      month: text({ label: { zh: '月份', en: 'Month' }, required: true, maxLength: 7 }),
      topic: text({ label: { zh: '学习主题', en: 'Topic' }, required: true, maxLength: 200 }),
    }),
  ),
})

export type PlanFields = z.infer<typeof planFields.schema>

export const reviewEventFields = defineFields({
  kind: choice({ label: { zh: '环节', en: 'Step' }, options: REVIEW_EVENT_KINDS, labels: REVIEW_EVENT_KIND_LABELS }),
  sessionId: link({ label: { zh: '学习记录', en: 'Study session' }, table: 'studySessions' }),
  /** For a decision: the submission it answers. */
  answers: link({ label: { zh: '所审核的报送', en: 'Submission decided' }, table: 'reviewEvents' }),
  comment: longText({ label: { zh: '意见', en: 'Comment' }, maxLength: MAX_REVIEW_COMMENT_LENGTH }),
  /** The name of the person as it was when they pressed the button: the history reads the same offline and later. */
  authorName: text({ label: { zh: '经办人', en: 'By' }, maxLength: 50 }),
  /** When the button was pressed, by the phone's clock: shown beside the server's time, never judged on. */
  deviceAt: instant({ label: { zh: '手机时间', en: 'Phone time' } }),
  /** When the server first received it: stamped by the server on create, whatever a device sent. */
  receivedAt: instant({ label: { zh: '服务器接收时间', en: 'Received' } }),
  /** For a submission: the session as it stood when it was sent. */
  snapshot: snapshot({ label: { zh: '报送内容', en: 'What was sent' }, table: 'studySessions' }, studySessionFields),
  /** For a plan's submission (sessionId ''): the plan as filed. A decision on a plan names it by `answers`. */
  plan: snapshot({ label: { zh: '学习计划', en: 'Study plan' }, table: 'plan', isLater: true }, planFields),
})

export type ReviewEventFields = z.infer<typeof reviewEventFields.schema>
