import { createServer, type Server, type Socket } from 'node:net'

/**
 * An in-process SMTP server for tests (RFC 5321 subset: EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP,
 * QUIT), listening on 127.0.0.1 on a free port. It keeps every accepted message with its envelope, the
 * credentials given, and the data as received after removing the dot-stuffing. A command can be refused with a
 * fixed reply, to test how the client records failures.
 */
export interface ReceivedMail {
  auth: { user: string; password: string } | null
  from: string
  to: string[]
  /** header and body lines, CRLF-joined, dot-stuffing removed */
  data: string
}

export interface SmtpTestServer {
  port: number
  messages: ReceivedMail[]
  /** every command line received, in order (the DATA content is not included) */
  commands: string[]
  /** refuse this command (its verb, e.g. `RCPT`) with `reply` (e.g. `550 5.1.1 no such mailbox`); null: accept all */
  refuse: { verb: string; reply: string } | null
  /** when set, AUTH PLAIN must carry these credentials, otherwise `535` */
  credentials: { user: string; password: string } | null
  close(): Promise<void>
}

export async function startSmtpTestServer(): Promise<SmtpTestServer> {
  const sockets = new Set<Socket>()
  const state: Omit<SmtpTestServer, 'port' | 'close'> = { messages: [], commands: [], refuse: null, credentials: null }
  const server: Server = createServer((sock) => {
    sockets.add(sock)
    sock.on('close', () => sockets.delete(sock))
    sock.setEncoding('utf8')
    let buf = ''
    let inData = false
    let data: string[] = []
    let auth: ReceivedMail['auth'] = null
    let from = ''
    let to: string[] = []
    const reply = (line: string) => sock.write(`${line}\r\n`)
    sock.write('220 smtp-test ESMTP ready\r\n')
    sock.on('data', (chunk: string) => {
      buf += chunk
      let i: number
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i)
        buf = buf.slice(i + 2)
        if (inData) {
          if (line === '.') {
            inData = false
            state.messages.push({ auth, from, to, data: data.join('\r\n') })
            data = []
            reply('250 2.0.0 queued')
          } else data.push(line.startsWith('.') ? line.slice(1) : line)
          continue
        }
        state.commands.push(line)
        const verb = line.split(' ')[0]!.toUpperCase()
        if (state.refuse && state.refuse.verb === verb) {
          reply(state.refuse.reply)
          continue
        }
        if (verb === 'EHLO') {
          sock.write('250-smtp-test\r\n250-AUTH PLAIN\r\n250 8BITMIME\r\n')
        } else if (verb === 'HELO' || verb === 'NOOP' || verb === 'RSET') {
          reply('250 ok')
        } else if (verb === 'AUTH') {
          const [, mech, initial] = line.split(' ')
          const parts = Buffer.from(initial ?? '', 'base64').toString('utf8').split('\0')
          const given = { user: parts[1] ?? '', password: parts[2] ?? '' }
          const wanted = state.credentials
          if (mech?.toUpperCase() !== 'PLAIN' || (wanted && (wanted.user !== given.user || wanted.password !== given.password))) reply('535 5.7.8 authentication failed')
          else {
            auth = given
            reply('235 2.7.0 authenticated')
          }
        } else if (verb === 'MAIL') {
          from = /<([^>]*)>/.exec(line)?.[1] ?? ''
          to = []
          reply('250 ok')
        } else if (verb === 'RCPT') {
          to.push(/<([^>]*)>/.exec(line)?.[1] ?? '')
          reply('250 ok')
        } else if (verb === 'DATA') {
          if (!from || to.length === 0) reply('503 5.5.1 need MAIL and RCPT first')
          else {
            inData = true
            reply('354 end data with <CR><LF>.<CR><LF>')
          }
        } else if (verb === 'QUIT') {
          sock.end('221 2.0.0 bye\r\n')
        } else reply('502 5.5.2 command not implemented')
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return Object.assign(state, {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  })
}
