/**
 * docs/benchmarks.md is written by parts that can be measured alone (`--only ui|load|exports|review|photos|memory|sync|server`). Each
 * part but the first lives between two marker comments and is replaced as a whole, so measuring one part keeps
 * the others' last figures.
 */

export interface MarkedSection {
  start: string
  end: string
}

export const LOAD_SECTION: MarkedSection = {
  start:
    '<!-- load-bench:start: written by test/bench/load-report.ts; `npm run bench -- --only load` replaces this part alone -->',
  end: '<!-- load-bench:end -->',
}

export const EXPORTS_SECTION: MarkedSection = {
  start:
    '<!-- exports-bench:start: written by test/bench/exports-report.ts; `npm run bench -- --only exports` replaces this part alone -->',
  end: '<!-- exports-bench:end -->',
}

export const REVIEW_SECTION: MarkedSection = {
  start:
    '<!-- review-bench:start: written by test/bench/review-report.ts; `npm run bench -- --only review` replaces this part alone -->',
  end: '<!-- review-bench:end -->',
}

export const PHOTOS_SECTION: MarkedSection = {
  start:
    '<!-- photos-bench:start: written by test/bench/photos-report.ts; `npm run bench -- --only photos` replaces this part alone -->',
  end: '<!-- photos-bench:end -->',
}

export const MEMORY_SECTION: MarkedSection = {
  start:
    '<!-- server-memory:start: written by test/bench/memory-report.ts; `npm run bench -- --only memory` replaces this part alone -->',
  end: '<!-- server-memory:end -->',
}

/** The section, markers included and followed by a newline, or null when `doc` has none. */
export function sectionOf(doc: string, section: MarkedSection): string | null {
  const start = doc.indexOf(section.start)
  const end = doc.indexOf(section.end)
  return start >= 0 && end > start ? `${doc.slice(start, end + section.end.length)}\n` : null
}

/**
 * `doc` with `section` replaced by `content` (markers included). A doc without it gets it before the first of
 * `before` that it holds, else at its end.
 */
export function withSection(
  doc: string,
  section: MarkedSection,
  content: string,
  before: readonly MarkedSection[] = [],
): string {
  const start = doc.indexOf(section.start)
  const end = doc.indexOf(section.end)
  if (start >= 0 && end > start)
    return doc.slice(0, start) + content + doc.slice(end + section.end.length).replace(/^\n/, '')
  for (const next of before) {
    const at = doc.indexOf(next.start)
    if (at >= 0) return `${doc.slice(0, at)}${content}\n${doc.slice(at)}`
  }
  return `${doc.replace(/\n*$/, '\n')}\n${content}`
}
