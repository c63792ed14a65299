/**
 * Fills and saves whole records through the forms, the way a person does: open the list, tap 新建, type, pick,
 * add rows, tap 保存. Choices are given by the label the person taps (调查研究, 已办结), not by stored keys.
 */
import type { Page } from 'playwright-core'
import { addListItem, addRow, fillField, openNewForm, saveForm, selectChoice } from './ui'

export interface StudySessionInput {
  kind?: string
  topic: string
  place?: string
  host?: string
  leadSpeaker?: string
  materials?: string[]
  summary?: string
  expected?: number
  present?: string[]
  absent?: { name: string; reason?: string }[]
  speeches?: { speaker: string; gist?: string }[]
  tags?: string[]
}

export interface ReadingNoteInput {
  kind?: string
  title: string
  author?: string
  chapter?: string
  page?: string
  excerpt?: string
  reflection?: string
  /** Topic of the study session to pick in 关联学习记录. */
  sessionTopic?: string
  tags?: string[]
}

export interface ProblemInput {
  description: string
  category?: string
  raisedBy?: string
  /** 待办 (the default), 办理中 or 已办结. */
  status?: string
  resolution?: string
}

export interface VisitInput {
  kind?: string
  place: string
  address?: string
  companions?: string[]
  households?: { name: string; situation?: string }[]
  findings?: string
  problems?: ProblemInput[]
  summary?: string
  tags?: string[]
}

async function fillIfGiven(page: Page, name: string, value: string | undefined): Promise<void> {
  if (value !== undefined) await fillField(page, name, value)
}

async function addAll(page: Page, path: string, values: readonly string[] | undefined): Promise<void> {
  for (const value of values ?? []) await addListItem(page, path, value)
}

/** Fills an open study-session form without saving it. */
export async function fillStudySession(page: Page, input: StudySessionInput): Promise<void> {
  if (input.kind) await selectChoice(page, 'kind', input.kind)
  await fillField(page, 'topic', input.topic)
  await fillIfGiven(page, 'place', input.place)
  await fillIfGiven(page, 'host', input.host)
  await fillIfGiven(page, 'leadSpeaker', input.leadSpeaker)
  await addAll(page, 'materials', input.materials)
  await fillIfGiven(page, 'summary', input.summary)
  if (input.expected !== undefined) await fillField(page, 'attendance.expected', String(input.expected))
  await addAll(page, 'attendance.present', input.present)
  for (const [i, absentee] of (input.absent ?? []).entries()) {
    await addRow(page, '添加缺席人员')
    await fillField(page, `attendance.absent.${i}.name`, absentee.name)
    await fillIfGiven(page, `attendance.absent.${i}.reason`, absentee.reason)
  }
  for (const [i, speech] of (input.speeches ?? []).entries()) {
    await addRow(page, '添加发言')
    await fillField(page, `speeches.${i}.speaker`, speech.speaker)
    await fillIfGiven(page, `speeches.${i}.gist`, speech.gist)
  }
  await addAll(page, 'tags', input.tags)
}

export async function fillReadingNote(page: Page, input: ReadingNoteInput): Promise<void> {
  if (input.kind) await selectChoice(page, 'kind', input.kind)
  await fillField(page, 'source.title', input.title)
  await fillIfGiven(page, 'source.author', input.author)
  await fillIfGiven(page, 'source.chapter', input.chapter)
  await fillIfGiven(page, 'source.page', input.page)
  await fillIfGiven(page, 'excerpt', input.excerpt)
  await fillIfGiven(page, 'reflection', input.reflection)
  if (input.sessionTopic) await selectChoice(page, 'studySessionId', input.sessionTopic)
  await addAll(page, 'tags', input.tags)
}

export async function fillVisit(page: Page, input: VisitInput): Promise<void> {
  if (input.kind) await selectChoice(page, 'kind', input.kind)
  await fillField(page, 'place', input.place)
  await fillIfGiven(page, 'address', input.address)
  await addAll(page, 'companions', input.companions)
  for (const [i, household] of (input.households ?? []).entries()) {
    await addRow(page, '添加走访户')
    await fillField(page, `households.${i}.name`, household.name)
    await fillIfGiven(page, `households.${i}.situation`, household.situation)
  }
  await fillIfGiven(page, 'findings', input.findings)
  for (const [i, problem] of (input.problems ?? []).entries()) {
    await addRow(page, '添加问题')
    await fillField(page, `problems.${i}.description`, problem.description)
    if (problem.category) await selectChoice(page, `problems.${i}.category`, problem.category)
    await fillIfGiven(page, `problems.${i}.raisedBy`, problem.raisedBy)
    if (problem.status) await selectChoice(page, `problems.${i}.status`, problem.status)
    await fillIfGiven(page, `problems.${i}.resolution`, problem.resolution)
  }
  await fillIfGiven(page, 'summary', input.summary)
  await addAll(page, 'tags', input.tags)
}

/** Creates a study session through the UI; returns its id (the detail page is open afterwards). */
export async function createStudySession(page: Page, input: StudySessionInput): Promise<string> {
  await openNewForm(page, 'study')
  await fillStudySession(page, input)
  return saveForm(page, 'study')
}

export async function createReadingNote(page: Page, input: ReadingNoteInput): Promise<string> {
  await openNewForm(page, 'notes')
  await fillReadingNote(page, input)
  return saveForm(page, 'notes')
}

export async function createVisit(page: Page, input: VisitInput): Promise<string> {
  await openNewForm(page, 'visits')
  await fillVisit(page, input)
  return saveForm(page, 'visits')
}
