import { createServer } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { freshDb } from '../testing/test-db.js'
import { fixedClock } from '../testing/fixtures.js'
import type { Db } from '../db/connect.js'
import { MAX_MAIL_ATTEMPTS, parseMailConfig, sendQueuedEmails, sendSmtpMail, type MailConfig } from './notify.js'
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.js'

/** Safety e-mail over SMTP (issue 7 "Alerts": e-mail via a configured SMTP server), against an in-process server. */

let smtp: SmtpTestServer
const clock = fixedClock('2025-06-15T08:00:00.000Z')
const cfg = (o: Partial<MailConfig> = {}): MailConfig => ({ host: '127.0.0.1', port: smtp.port, user: null, password: null, from: 'celltrial@site.test', to: ['safety@site.test'], ...o })

beforeAll(async () => {
  smtp = await startSmtpTestServer()
})
afterAll(() => smtp.close())
beforeEach(() => {
  smtp.messages.length = 0
  smtp.commands.length = 0
  smtp.refuse = null
  smtp.credentials = null
})

describe('CELLTRIAL_SMTP_URL', () => {
  it('is optional, and parses host, port, credentials, sender and recipients', () => {
    expect(parseMailConfig(undefined)).toBeNull()
    expect(parseMailConfig(' ')).toBeNull()
    expect(parseMailConfig('smtp://relay%40ward:p%3Ass@mail.hospital.test:2525?from=celltrial@hospital.test&to=pv@sponsor.test, oncall@hospital.test')).toEqual({
      host: 'mail.hospital.test', port: 2525, user: 'relay@ward', password: 'p:ss', from: 'celltrial@hospital.test', to: ['pv@sponsor.test', 'oncall@hospital.test'],
    })
    expect(parseMailConfig('smtp://mail.hospital.test?from=a@h.test&to=b@h.test')).toMatchObject({ port: 25, user: null, password: null })
  })

  it('refuses a malformed value, naming the variable, the value and what is expected', () => {
    expect(() => parseMailConfig('https://mail.test?from=a@h.test&to=b@h.test')).toThrow('CELLTRIAL_SMTP_URL="https://mail.test?from=a@h.test&to=b@h.test": the scheme must be smtp')
    expect(() => parseMailConfig('smtp://mail.test?from=a@h.test')).toThrow(/to= must list e-mail addresses/)
    expect(() => parseMailConfig('smtp://mail.test?from=nobody&to=b@h.test')).toThrow(/from= must be one e-mail address/)
    expect(() => parseMailConfig('not a url')).toThrow(/not a URL .*expected smtp:\/\//)
  })
})

describe('sendSmtpMail', () => {
  it('delivers one message with its envelope, headers and a UTF-8 subject', async () => {
    await sendSmtpMail(cfg(), { to: 'safety@site.test', subject: '[CellTrial safety] KUN01-003: CRS 2级', body: 'Finding: fever 38.6 C\nOpen CellTrial.', date: clock.now() })
    expect(smtp.messages).toHaveLength(1)
    const m = smtp.messages[0]!
    expect(m).toMatchObject({ auth: null, from: 'celltrial@site.test', to: ['safety@site.test'] })
    expect(m.data).toContain('From: celltrial@site.test\r\nTo: safety@site.test\r\n')
    expect(m.data).toContain(`Subject: =?UTF-8?B?${Buffer.from('[CellTrial safety] KUN01-003: CRS 2级').toString('base64')}?=`)
    expect(m.data).toContain('Date: Sun, 15 Jun 2025 08:00:00 GMT')
    expect(m.data.endsWith('\r\n\r\nFinding: fever 38.6 C\r\nOpen CellTrial.')).toBe(true)
    expect(smtp.commands.map((c) => c.split(' ')[0])).toEqual(['EHLO', 'MAIL', 'RCPT', 'DATA', 'QUIT'])
  })

  it('authenticates with AUTH PLAIN when the URL has credentials, and reports a refusal with the server reply', async () => {
    smtp.credentials = { user: 'relay', password: 's3cret' }
    await sendSmtpMail(cfg({ user: 'relay', password: 's3cret' }), { to: 'a@site.test', subject: 's', body: 'b', date: clock.now() })
    expect(smtp.messages[0]?.auth).toEqual({ user: 'relay', password: 's3cret' })
    await expect(sendSmtpMail(cfg({ user: 'relay', password: 'wrong' }), { to: 'a@site.test', subject: 's', body: 'b', date: clock.now() })).rejects.toThrow('SMTP AUTH: 535 5.7.8 authentication failed')
    expect(smtp.messages).toHaveLength(1)
  })

  it('dot-stuffs body lines that start with a dot (RFC 5321 §4.5.2), so the message arrives unchanged', async () => {
    const body = 'line 1\n.\n..two dots\n.leading'
    await sendSmtpMail(cfg(), { to: 'a@site.test', subject: 's', body, date: clock.now() })
    expect(smtp.messages[0]!.data.endsWith(`\r\n\r\n${body.replace(/\n/g, '\r\n')}`)).toBe(true)
  })

  it('fails on a connection that is refused, naming the network error', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const { port } = closed.address() as { port: number }
    await new Promise((r) => closed.close(r))
    await expect(sendSmtpMail(cfg({ port }), { to: 'a@site.test', subject: 's', body: 'b', date: clock.now() })).rejects.toThrow(/ECONNREFUSED/)
  })
})

describe('sendQueuedEmails', () => {
  let db: Db
  beforeAll(async () => {
    db = await freshDb()
  })
  afterAll(() => db.close())

  const queue = async (recipient: string, subjectLine: string) =>
    (await db.kysely.insertInto('notification').values({ alert_id: null, channel: 'email', recipient, subject_line: subjectLine, body: 'body', status: 'queued', last_error: null, created_at: clock.now().toISOString(), sent_at: null }).returning('id').executeTakeFirstOrThrow()).id
  const row = (id: number) => db.kysely.selectFrom('notification').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  it('sends queued e-mails oldest first and marks them sent; in-app rows are left alone', async () => {
    const a = await queue('pv@site.test', 'first')
    const b = await queue('oncall@site.test', 'second')
    const inApp = (await db.kysely.insertInto('notification').values({ alert_id: null, channel: 'in_app', recipient: null, subject_line: 'in app', body: 'b', status: 'queued', last_error: null, created_at: clock.now().toISOString(), sent_at: null }).returning('id').executeTakeFirstOrThrow()).id
    expect(await sendQueuedEmails(db.kysely, cfg(), clock.now)).toEqual({ sent: 2, failed: 0 })
    expect(smtp.messages.map((m) => [m.to[0], /Subject: (.*)/.exec(m.data)?.[1]])).toEqual([['pv@site.test', 'first'], ['oncall@site.test', 'second']])
    expect(await row(a)).toMatchObject({ status: 'sent', attempts: 1, sent_at: '2025-06-15T08:00:00.000Z', last_error: null })
    expect((await row(b)).status).toBe('sent')
    expect((await row(inApp)).status).toBe('queued')
    expect(await sendQueuedEmails(db.kysely, cfg(), clock.now)).toEqual({ sent: 0, failed: 0 }) // nothing is sent twice
  })

  it('keeps a refused e-mail queued with the server reply, and marks it failed after the last attempt', async () => {
    const id = await queue('nobody@site.test', 'refused')
    smtp.refuse = { verb: 'RCPT', reply: '550 5.1.1 no such mailbox' }
    expect(await sendQueuedEmails(db.kysely, cfg(), clock.now)).toEqual({ sent: 0, failed: 1 })
    expect(await row(id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'SMTP RCPT: 550 5.1.1 no such mailbox', sent_at: null })
    for (let i = 2; i <= MAX_MAIL_ATTEMPTS; i++) await sendQueuedEmails(db.kysely, cfg(), clock.now)
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: MAX_MAIL_ATTEMPTS })
    smtp.refuse = null
    expect(await sendQueuedEmails(db.kysely, cfg(), clock.now)).toEqual({ sent: 0, failed: 0 }) // a failed row is not retried
    expect(smtp.messages).toHaveLength(0)
  })
})
