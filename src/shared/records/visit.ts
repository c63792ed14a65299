import type * as z from 'zod/mini'
import { choice, date, defineFields, list, location, longText, photos, rows, text } from '../fields'

export const VISIT_KINDS = [
  'condolence',
  'research',
  'pairedVillage',
  'enterpriseService',
  'outreach',
  'inspection',
] as const
export type VisitKind = (typeof VISIT_KINDS)[number]

export const VISIT_KIND_LABELS = {
  condolence: { zh: '慰问走访', en: 'Condolence visit' },
  research: { zh: '调查研究', en: 'Research' },
  pairedVillage: { zh: '联系包帮村', en: 'Paired village' },
  enterpriseService: { zh: '服务企业', en: 'Enterprise service' },
  outreach: { zh: '宣讲', en: 'Outreach talk' },
  inspection: { zh: '督导检查', en: 'Inspection' },
} as const

export const PROBLEM_STATUSES = ['open', 'inProgress', 'resolved'] as const
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number]
export const PROBLEM_STATUS_LABELS = {
  open: { zh: '待办', en: 'Open' },
  inProgress: { zh: '办理中', en: 'In progress' },
  resolved: { zh: '已办结', en: 'Resolved' },
} as const

export const PROBLEM_CATEGORIES = ['publicCulture', 'tourism', 'livelihood', 'enterprise', 'other'] as const
export const PROBLEM_CATEGORY_LABELS = {
  publicCulture: { zh: '公共文化服务', en: 'Public culture' },
  tourism: { zh: '旅游发展', en: 'Tourism' },
  livelihood: { zh: '民生', en: 'Livelihood' },
  enterprise: { zh: '企业诉求', en: 'Enterprise' },
  other: { zh: '其他', en: 'Other' },
} as const

const household = defineFields({
  name: text({ label: { zh: '户主姓名', en: 'Head of household' }, required: true, maxLength: 50 }),
  situation: text({
    label: { zh: '家庭情况', en: 'Situation' },
    maxLength: 500,
    multiline: true,
    placeholder: { zh: '如：留守老人、脱贫户', en: 'e.g. elderly living alone' },
  }),
})

const problem = defineFields({
  description: text({ label: { zh: '问题描述', en: 'Description' }, required: true, maxLength: 2000, multiline: true }),
  category: choice({
    label: { zh: '类别', en: 'Category' },
    options: PROBLEM_CATEGORIES,
    labels: PROBLEM_CATEGORY_LABELS,
  }),
  raisedBy: text({ label: { zh: '反映人', en: 'Raised by' }, maxLength: 50 }),
  status: choice({ label: { zh: '办理状态', en: 'Status' }, options: PROBLEM_STATUSES, labels: PROBLEM_STATUS_LABELS }),
  dueDate: date({ label: { zh: '办结时限', en: 'Due date' } }),
  resolution: longText({ label: { zh: '办理结果', en: 'Resolution' }, maxLength: 5000 }),
  resolvedDate: date({ label: { zh: '办结日期', en: 'Resolved on' } }),
})

export const visitFields = defineFields({
  kind: choice({ label: { zh: '走访类型', en: 'Kind' }, options: VISIT_KINDS, labels: VISIT_KIND_LABELS }),
  date: date({ label: { zh: '日期', en: 'Date' }, required: true }),
  place: text({
    label: { zh: '走访地点', en: 'Place' },
    required: true,
    maxLength: 100,
    placeholder: { zh: '村、社区、企业或景区', en: 'Village, community, enterprise…' },
  }),
  address: text({ label: { zh: '详细地址', en: 'Address' }, maxLength: 200 }),
  location: location({ label: { zh: '到达位置', en: 'Location on arrival' }, takenOnOpen: true }),
  companions: list({
    label: { zh: '同行人员', en: 'Companions' },
    itemLabel: { zh: '姓名', en: 'Name' },
    maxLength: 50,
  }),
  households: rows(
    { label: { zh: '走访户', en: 'Households' }, addLabel: { zh: '添加走访户', en: 'Add household' } },
    household,
  ),
  findings: longText({ label: { zh: '走访发现', en: 'Findings' } }),
  problems: rows(
    { label: { zh: '群众诉求 / 问题', en: 'Problems raised' }, addLabel: { zh: '添加问题', en: 'Add problem' } },
    problem,
  ),
  photos: photos({ label: { zh: '影像资料', en: 'Photos' } }),
  summary: longText({ label: { zh: '走访小结', en: 'Summary' } }),
  endLocation: location({ label: { zh: '离开位置', en: 'Location on leaving' } }),
  nextVisitDate: date({ label: { zh: '下次走访日期', en: 'Next visit' } }),
  tags: list({ label: { zh: '标签', en: 'Tags' }, itemLabel: { zh: '标签', en: 'Tag' }, maxItems: 20, maxLength: 20 }),
})

export type VisitFields = z.infer<typeof visitFields.schema>
export type Problem = VisitFields['problems'][number]
export type Household = VisitFields['households'][number]
