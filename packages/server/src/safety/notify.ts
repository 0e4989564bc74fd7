import { connect, type Socket } from 'node:net'
import { hostname } from 'node:os'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { SafetyAlertTable } from '../db/tables/safety.js'

type Db = Kysely<Database>

/** Where safety e-mails go: `CELLTRIAL_SMTP_URL=smtp://[user:password@]host[:port]?from=a@site&to=b@site,c@site`. */
export interface MailConfig {
  host: string
  port: number
  user: string | null
  password: string | null
  from: string
  to: string[]
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/

/**
 * Parse `CELLTRIAL_SMTP_URL`; `null` when unset. Plain SMTP (no TLS): point it at a relay on the hospital network.
 * @throws Error naming the variable and the value when it is malformed
 */
export function parseMailConfig(value: string | undefined): MailConfig | null {
  if (value === undefined || value.trim() === '') return null
  const bad = (why: string) => new Error(`CELLTRIAL_SMTP_URL=${JSON.stringify(value)}: ${why} (expected smtp://[user:password@]host[:port]?from=sender@site&to=a@site,b@site)`)
  let u: URL
  try {
    u = new URL(value)
  } catch {
    throw bad('not a URL')
  }
  if (u.protocol !== 'smtp:') throw bad('the scheme must be smtp')
  if (!u.hostname) throw bad('no host')
  const from = u.searchParams.get('from') ?? ''
  const to = (u.searchParams.get('to') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  if (!EMAIL.test(from)) throw bad('from= must be one e-mail address')
  if (to.length === 0 || !to.every((t) => EMAIL.test(t))) throw bad('to= must list e-mail addresses separated by commas')
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 25,
    user: u.username ? decodeURIComponent(u.username) : null,
    password: u.password ? decodeURIComponent(u.password) : null,
    from,
    to,
  }
}

const KIND = { crs: 'CRS', icans: 'ICANS', lab: 'Lab' } as const

/** Queue the notifications of a new alert in the same transaction: one in-app row, and one e-mail per recipient. */
export async function queueAlertNotifications(tx: Db, now: string, alert: { id: number; kind: SafetyAlertTable['kind']; grade: number; protocol_day: number | null; observed_on: string; finding: string }, subjectCode: string, mail: MailConfig | null) {
  const subjectLine = `[CellTrial safety] ${subjectCode}: ${KIND[alert.kind]} grade ${alert.grade}${alert.protocol_day === null ? '' : ` on Day ${alert.protocol_day}`}`
  const body = `${subjectLine}\nObserved on ${alert.observed_on}.\nFinding: ${alert.finding}\n\nOpen CellTrial to review and acknowledge the alert (alert ${alert.id}).`
  const rows = [
    { channel: 'in_app' as const, recipient: null },
    ...(mail ? mail.to.map((to) => ({ channel: 'email' as const, recipient: to })) : []),
  ]
  for (const r of rows)
    await tx.insertInto('notification').values({ alert_id: alert.id, channel: r.channel, recipient: r.recipient, subject_line: subjectLine, body, status: 'queued', last_error: null, created_at: now, sent_at: null }).execute()
}

/** Read SMTP replies line by line; a reply ends on a line `NNN ` (not `NNN-`). */
class SmtpConversation {
  private buffer = ''
  private waiting: ((line: { code: number; text: string } | Error) => void) | null = null
  private lines: string[] = []
  private failed: Error | null = null

  constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      this.buffer += chunk
      let i: number
      while ((i = this.buffer.indexOf('\r\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, i))
        this.buffer = this.buffer.slice(i + 2)
      }
      this.pump()
    })
    socket.on('error', (e) => this.fail(e))
    socket.on('close', () => this.fail(new Error('SMTP connection closed')))
  }

  private fail(e: Error) {
    this.failed ??= e
    this.pump()
  }

  private pump() {
    if (!this.waiting) return
    const end = this.lines.findIndex((l) => /^\d{3}( |$)/.test(l))
    if (end >= 0) {
      const reply = this.lines.splice(0, end + 1)
      const last = reply[reply.length - 1]!
      const cb = this.waiting
      this.waiting = null
      cb({ code: Number(last.slice(0, 3)), text: reply.join('\n') })
    } else if (this.failed) {
      const cb = this.waiting
      this.waiting = null
      cb(this.failed)
    }
  }

  reply(): Promise<{ code: number; text: string }> {
    return new Promise((resolve, reject) => {
      this.waiting = (r) => (r instanceof Error ? reject(r) : resolve(r))
      this.pump()
    })
  }

  async command(line: string, expect: number[]): Promise<string> {
    this.socket.write(`${line}\r\n`)
    const r = await this.reply()
    if (!expect.includes(r.code)) throw new Error(`SMTP ${line.split(' ')[0]}: ${r.text}`)
    return r.text
  }
}

const encodeHeader = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`)

/**
 * Send one message by plain SMTP (RFC 5321): EHLO, optional AUTH PLAIN, MAIL FROM, RCPT TO, DATA, QUIT.
 * @throws Error with the server's reply when a step is refused, or on a network error / timeout
 */
export async function sendSmtpMail(cfg: MailConfig, msg: { to: string; subject: string; body: string; date: Date }, timeoutMs = 10_000): Promise<void> {
  const socket = connect({ host: cfg.host, port: cfg.port })
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`SMTP timeout after ${timeoutMs} ms`)))
  const c = new SmtpConversation(socket)
  try {
    const greeting = await c.reply()
    if (greeting.code !== 220) throw new Error(`SMTP greeting: ${greeting.text}`)
    await c.command(`EHLO ${hostname() || 'celltrial'}`, [250])
    if (cfg.user !== null) await c.command(`AUTH PLAIN ${Buffer.from(`\0${cfg.user}\0${cfg.password ?? ''}`).toString('base64')}`, [235])
    await c.command(`MAIL FROM:<${cfg.from}>`, [250])
    await c.command(`RCPT TO:<${msg.to}>`, [250, 251])
    await c.command('DATA', [354])
    const headers = [
      `From: ${cfg.from}`, `To: ${msg.to}`, `Subject: ${encodeHeader(msg.subject)}`, `Date: ${msg.date.toUTCString()}`,
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit',
    ]
    // dot-stuffing (RFC 5321 §4.5.2)
    const text = msg.body.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')
    await c.command(`${headers.join('\r\n')}\r\n\r\n${text}\r\n.`, [250])
    await c.command('QUIT', [221])
  } finally {
    socket.end()
    socket.destroy()
  }
}

/** Attempts before an e-mail is marked `failed` for good. */
export const MAX_MAIL_ATTEMPTS = 5

/**
 * Send the queued e-mails (oldest first). Each outcome is written back: `sent` with its time, or the error and one
 * more attempt; after `MAX_MAIL_ATTEMPTS` the row is `failed` (still listed, never deleted).
 */
export async function sendQueuedEmails(db: Db, cfg: MailConfig, clock: () => Date, limit = 20): Promise<{ sent: number; failed: number }> {
  const queued = await db.selectFrom('notification').selectAll().where('channel', '=', 'email').where('status', '=', 'queued').orderBy('id').limit(limit).execute()
  let sent = 0
  let failed = 0
  for (const n of queued) {
    try {
      await sendSmtpMail(cfg, { to: n.recipient ?? cfg.to[0]!, subject: n.subject_line, body: n.body, date: clock() })
      await db.updateTable('notification').set({ status: 'sent', sent_at: clock().toISOString(), attempts: n.attempts + 1, last_error: null }).where('id', '=', n.id).execute()
      sent++
    } catch (e) {
      const attempts = n.attempts + 1
      await db.updateTable('notification').set({ attempts, last_error: (e as Error).message.slice(0, 500), status: attempts >= MAX_MAIL_ATTEMPTS ? 'failed' : 'queued' }).where('id', '=', n.id).execute()
      failed++
    }
  }
  return { sent, failed }
}

/** The mail configuration of this process (`CELLTRIAL_SMTP_URL`), read when needed so tests can set it. */
export function mailConfigFromEnv(): MailConfig | null {
  return parseMailConfig(process.env.CELLTRIAL_SMTP_URL)
}
