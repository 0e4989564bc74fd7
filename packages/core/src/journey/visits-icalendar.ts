/**
 * iCalendar (RFC 5545) export of the visits still to be done at one site: one all-day VEVENT per visit on its
 * target date, with the window and assessments in the description. Pure string building; DTSTAMP is passed in.
 *
 * Source: RFC 5545 (Desruisseaux 2009) §3.1 content lines (CRLF, folded at 75 octets with CRLF + space),
 * §3.3.11 TEXT escaping (backslash, semicolon, comma, newline), §3.3.4/§3.3.5 DATE and UTC DATE-TIME,
 * §3.6.1 VEVENT (UID and DTSTAMP required; all-day DTEND is the next day, exclusive), §3.7.3 PRODID, §3.7.4
 * VERSION; regimen-and-dosing.md §6 (visit windows). Only subject ids appear, never names.
 */
import { addDays, fromEpochDay } from '../dates/index.js'
import { fail, ok, type Result } from '../result.js'
import { instantToEpochMs } from './instant.js'
import type { VisitStatus, VisitStatusKind } from './visit-compliance.js'

export interface SiteVisitsForCalendar {
  siteId: string
  subjects: readonly {
    subjectId: string
    /**
     * What makes the subject's UIDs unique beyond this calendar (RFC 5545 §3.8.4.7: a UID is globally unique), e.g.
     * `NCT06352281.KUN01-001` when subject codes are unique only within a study; default `subjectId`
     */
    uidKey?: string
    visits: readonly VisitStatus[]
  }[]
}

export interface VisitsICalendarOptions {
  /** creation time of the export, RFC 3339 with offset (the clock is an argument) */
  dtstamp: string
  /** domain part of each UID, e.g. `celltrial.example.org` */
  uidDomain: string
  /** statuses exported (default: not yet done) */
  statuses?: readonly VisitStatusKind[]
  prodId?: string
}

/**
 * RFC 5545 §3.3.11 TEXT escaping. A line break (CRLF, LF or a lone CR) becomes `\n`; any other control character
 * but HTAB is dropped: TEXT has no representation for it (TSAFE-CHAR excludes CONTROL), and a raw CR left in a
 * content line could be read as a line end by a client.
 */
export function escapeICalendarText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  )
}

const utf8Length = (ch: string): number => {
  const cp = ch.codePointAt(0) ?? 0
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + one space, never inside a character. */
export function foldICalendarLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    const n = utf8Length(ch)
    const limit = parts.length === 0 ? 75 : 74 // continuation lines start with the folding space
    if (octets + n > limit) {
      parts.push(current)
      current = ''
      octets = 0
    }
    current += ch
    octets += n
  }
  parts.push(current)
  return parts.join('\r\n ')
}

const icsDate = (iso: string) => iso.replace(/-/g, '')

/** UTC DATE-TIME `YYYYMMDDTHHMMSSZ` from an RFC 3339 instant, or null. */
function icsUtc(instant: string): string | null {
  const ms = instantToEpochMs(instant)
  if (ms === null) return null
  const day = Math.floor(ms / 86_400_000)
  const s = Math.floor((ms - day * 86_400_000) / 1000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${icsDate(fromEpochDay(day))}T${pad(Math.floor(s / 3600))}${pad(Math.floor((s % 3600) / 60))}${pad(s % 60)}Z`
}

/**
 * @returns the VCALENDAR text with CRLF line ends, or an issue `icalendar.invalid_dtstamp`
 * @example visitsToICalendar({ siteId: 'S01', subjects }, { dtstamp: '2024-03-01T08:00Z', uidDomain: 'celltrial.example.org' })
 */
export function visitsToICalendar(
  site: SiteVisitsForCalendar,
  {
    dtstamp,
    uidDomain,
    statuses = ['upcoming', 'due', 'overdue'],
    prodId = '-//CellTrial//Visit schedule//EN',
  }: VisitsICalendarOptions,
): Result<string> {
  const stamp = icsUtc(dtstamp)
  if (stamp === null) {
    return fail([
      {
        code: 'icalendar.invalid_dtstamp',
        path: ['dtstamp'],
        message: `DTSTAMP must be a date-time with offset, got ${JSON.stringify(dtstamp)}`,
        source: 'RFC 5545 §3.8.7.2',
      },
    ])
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${prodId}`,
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeICalendarText(`Visits ${site.siteId}`)}`,
  ]
  for (const subject of site.subjects) {
    for (const v of subject.visits) {
      if (!statuses.includes(v.status)) continue
      const description =
        `Subject ${subject.subjectId}, ${v.label} (Day ${v.day}), ${v.status}. Window ${v.windowStart} to ${v.windowEnd}.` +
        ` Assessments: ${v.assessments.join(', ')}.`
      lines.push(
        'BEGIN:VEVENT',
        `UID:${escapeICalendarText(`${subject.uidKey ?? subject.subjectId}.${v.visitId}@${uidDomain}`)}`,
        `DTSTAMP:${stamp}`,
        `DTSTART;VALUE=DATE:${icsDate(v.targetDate)}`,
        `DTEND;VALUE=DATE:${icsDate(addDays(v.targetDate, 1))}`,
        `SUMMARY:${escapeICalendarText(`${subject.subjectId} ${v.label}`)}`,
        `DESCRIPTION:${escapeICalendarText(description)}`,
        `CATEGORIES:${escapeICalendarText(site.siteId)}`,
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
      )
    }
  }
  lines.push('END:VCALENDAR')
  return ok(lines.map(foldICalendarLine).join('\r\n') + '\r\n')
}
