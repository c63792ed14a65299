import type * as z from 'zod/mini'
import { choice, date, defineFields, group, link, list, longText, photos, text } from '../fields'

export const NOTE_KINDS = ['excerpt', 'reflection', 'speechOutline'] as const
export type NoteKind = (typeof NOTE_KINDS)[number]

export const NOTE_KIND_LABELS = {
  excerpt: { zh: '原文摘抄', en: 'Excerpt' },
  reflection: { zh: '心得体会', en: 'Reflection' },
  speechOutline: { zh: '研讨发言提纲', en: 'Speech outline' },
} as const

const source = defineFields({
  title: text({
    label: { zh: '书名 / 篇名', en: 'Title' },
    required: true,
    maxLength: 200,
    placeholder: { zh: '如：《习近平谈治国理政》第四卷', en: 'Title of the work' },
  }),
  author: text({ label: { zh: '作者', en: 'Author' }, maxLength: 100 }),
  chapter: text({ label: { zh: '章节', en: 'Chapter' }, maxLength: 200 }),
  page: text({ label: { zh: '页码', en: 'Page' }, maxLength: 20 }),
})

export const readingNoteFields = defineFields({
  kind: choice({ label: { zh: '笔记类型', en: 'Kind' }, options: NOTE_KINDS, labels: NOTE_KIND_LABELS }),
  source: group({ label: { zh: '出处', en: 'Source' } }, source),
  date: date({ label: { zh: '日期', en: 'Date' }, required: true }),
  excerpt: longText({ label: { zh: '原文摘抄', en: 'Excerpt' } }),
  reflection: longText({ label: { zh: '心得体会', en: 'Reflection' } }),
  photos: photos({ label: { zh: '图片', en: 'Pictures' } }),
  studySessionId: link({ label: { zh: '关联学习记录', en: 'Linked study session' }, table: 'studySessions' }),
  tags: list({ label: { zh: '标签', en: 'Tags' }, itemLabel: { zh: '标签', en: 'Tag' }, maxItems: 20, maxLength: 20 }),
})

export type ReadingNoteFields = z.infer<typeof readingNoteFields.schema>
