import type * as z from 'zod/mini'
import {
  choice,
  date,
  defineFields,
  flag,
  group,
  laterGroup,
  list,
  longText,
  members,
  number,
  optionalNumber,
  photos,
  rows,
  text,
  time,
} from '../fields'

export const STUDY_KINDS = [
  'centerGroup',
  'collective',
  'branchCongress',
  'branchCommittee',
  'partyGroup',
  'partyLecture',
  'themePartyDay',
  'lectureGiven',
  'seminar',
  'fieldTrip',
  'online',
  'selfStudy',
] as const
export type StudyKind = (typeof STUDY_KINDS)[number]

export const STUDY_KIND_LABELS = {
  centerGroup: { zh: '理论学习中心组学习', en: 'Theory study center group' },
  collective: { zh: '集体学习', en: 'Collective study' },
  branchCongress: { zh: '支部党员大会', en: 'Branch members’ meeting' },
  branchCommittee: { zh: '支委会', en: 'Branch committee meeting' },
  partyGroup: { zh: '党小组会', en: 'Party group meeting' },
  partyLecture: { zh: '党课', en: 'Party lecture' },
  themePartyDay: { zh: '主题党日', en: 'Theme Party day' },
  lectureGiven: { zh: '讲党课 / 形势政策报告', en: 'Lecture given at a contact point' },
  seminar: { zh: '专题研讨', en: 'Seminar' },
  fieldTrip: { zh: '参观学习', en: 'Study visit' },
  online: { zh: '线上学习', en: 'Online study' },
  selfStudy: { zh: '个人自学', en: 'Self-study' },
} as const

/** The kinds that count as collective sessions (the monthly minimum and 一学一报 apply to them). */
export const COLLECTIVE_STUDY_KINDS: readonly StudyKind[] = [
  'centerGroup',
  'collective',
  'branchCongress',
  'branchCommittee',
  'partyGroup',
  'partyLecture',
  'themePartyDay',
  'seminar',
  'fieldTrip',
]

export function isCollective(session: { kind: StudyKind }): boolean {
  return COLLECTIVE_STUDY_KINDS.includes(session.kind)
}

const absentee = defineFields({
  name: text({ label: { zh: '姓名', en: 'Name' }, required: true, maxLength: 50 }),
  reason: text({ label: { zh: '缺席原因', en: 'Reason' }, maxLength: 200, multiline: true }),
})

const speech = defineFields({
  speaker: text({ label: { zh: '发言人', en: 'Speaker' }, required: true, maxLength: 50 }),
  gist: longText({ label: { zh: '发言要点', en: 'Gist' }, maxLength: 5000 }),
})

const attendance = defineFields({
  expected: optionalNumber({
    label: { zh: '应到人数', en: 'Expected' },
    min: 0,
    max: 10000,
    step: 1,
    unit: { zh: '人', en: '' },
  }),
  present: list({
    label: { zh: '实到人员', en: 'Present' },
    itemLabel: { zh: '姓名', en: 'Name' },
    maxItems: 1000,
    maxLength: 50,
  }),
  absent: rows(
    {
      label: { zh: '缺席人员及原因', en: 'Absent, with reason' },
      addLabel: { zh: '添加缺席人员', en: 'Add absentee' },
      maxItems: 1000,
    },
    absentee,
  ),
})

/**
 * 一学一报: what goes upward after a collective session. Of its four parts, the record, the attendance and the
 * photos are judged from the session itself (shared/reporting/packet.ts); only the plan is ticked by hand.
 */
const packet = defineFields({
  planReady: flag({ label: { zh: '学习方案已备好', en: 'Study plan ready' } }),
  reportedOn: date({ label: { zh: '报送日期', en: 'Reported on' } }),
})
export type ReportPacketFields = z.infer<typeof packet.schema>
export const blankPacket = (): ReportPacketFields => ({ planReady: false, reportedOn: '' })

export const studySessionFields = defineFields({
  kind: choice({ label: { zh: '学习形式', en: 'Kind' }, options: STUDY_KINDS, labels: STUDY_KIND_LABELS }),
  topic: text({
    label: { zh: '学习主题', en: 'Topic' },
    required: true,
    maxLength: 200,
    placeholder: { zh: '如：深入学习党的二十大精神', en: 'e.g. the spirit of the 20th Party Congress' },
  }),
  date: date({ label: { zh: '日期', en: 'Date' }, required: true }),
  startTime: time({ label: { zh: '开始时间', en: 'Start time' } }),
  durationHours: number({
    label: { zh: '时长', en: 'Duration' },
    min: 0.5,
    max: 24,
    step: 0.5,
    unit: { zh: '小时', en: 'h' },
    required: true,
  }),
  place: text({ label: { zh: '地点', en: 'Place' }, maxLength: 100 }),
  host: text({ label: { zh: '主持人', en: 'Host' }, maxLength: 50 }),
  leadSpeaker: text({ label: { zh: '领学 / 主讲人', en: 'Lead speaker' }, maxLength: 50 }),
  materials: list({
    label: { zh: '学习材料', en: 'Materials' },
    itemLabel: { zh: '材料名称', en: 'Title' },
    maxLength: 200,
    placeholder: { zh: '如：《中国共产党章程》', en: 'e.g. the Party Constitution' },
  }),
  summary: longText({ label: { zh: '学习内容及工作部署', en: 'Summary' } }),
  // A unit session's members who were present, picked from the roster; their names are in attendance.present too
  // (which every export and count reads), the accounts here give each member the session in their own figures.
  rosterPresent: members({ label: { zh: '到会成员', en: 'Members present' } }),
  attendance: group({ label: { zh: '考勤', en: 'Attendance' } }, attendance),
  speeches: rows(
    { label: { zh: '交流研讨发言', en: 'Speeches' }, addLabel: { zh: '添加发言', en: 'Add speech' } },
    speech,
  ),
  photos: photos({ label: { zh: '影像资料', en: 'Photos' } }),
  packet: laterGroup(
    {
      label: { zh: '一学一报', en: 'Report packet' },
      shownWhen: { field: 'kind', values: COLLECTIVE_STUDY_KINDS },
      fallback: blankPacket,
    },
    packet,
  ),
  tags: list({ label: { zh: '标签', en: 'Tags' }, itemLabel: { zh: '标签', en: 'Tag' }, maxItems: 20, maxLength: 20 }),
})

export type StudySessionFields = z.infer<typeof studySessionFields.schema>
