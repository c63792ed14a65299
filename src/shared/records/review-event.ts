/**
 * A step of a unit session's 一学一报 packet (docs/review.md): 报送, 退回整改 or 通过. Events travel as records of their
 * own kind, owned by the session's unit, and are only ever created: the packet's history is the list of them.
 */
import type * as z from 'zod/mini'
import { choice, defineFields, instant, link, longText, snapshot, text } from '../fields'
import { studySessionFields } from './study-session'

export const REVIEW_EVENT_KINDS = ['submitted', 'returned', 'accepted'] as const
export type ReviewEventKind = (typeof REVIEW_EVENT_KINDS)[number]

export const REVIEW_EVENT_KIND_LABELS = {
  submitted: { zh: '报送', en: 'Submitted' },
  returned: { zh: '退回整改', en: 'Returned' },
  accepted: { zh: '通过', en: 'Accepted' },
} as const

export const MAX_REVIEW_COMMENT_LENGTH = 2000

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
})

export type ReviewEventFields = z.infer<typeof reviewEventFields.schema>
