// A running service with demo data, for `npm run console:figures` and `npm run console:screenshots`:
// a database of its own on PostgreSQL (TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres),
// `node dist/main.js` (run `npm run build` first), and conversations built from test/fixtures.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const FIXTURES = 'test/fixtures';
const HOUR = 3_600_000;

export const KEYS = {
  writer: { name: 'publisher', secret: 'demo-writer-secret-0123', scopes: ['events:write'] },
  agent: { name: 'supervisor', secret: 'demo-agent-secret-01234', scopes: ['transcripts:agent'] },
  customer: {
    name: 'customer-portal',
    secret: 'demo-customer-secret-01',
    scopes: ['transcripts:customer'],
  },
  reports: { name: 'analyst', secret: 'demo-reports-secret-012', scopes: ['reports:read'] },
  admin: {
    name: 'auditor',
    secret: 'demo-admin-secret-01234',
    scopes: ['transcripts:agent', 'reports:read', 'audit:read'],
  },
};

const fixture = (name) => JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, 'utf8'));
export const BODY_CASES = JSON.parse(
  readFileSync(`${FIXTURES}/bodies/every-body-type.json`, 'utf8'),
);

const AGENTS = [
  { id: 'agent-raza', name: 'Raza Khan' },
  { id: 'agent-sara', name: 'Sara Ali' },
  { id: 'agent-omar', name: 'Omar Farooq' },
];
const CUSTOMERS = [
  'Amina Yusuf',
  'Bilal Ahmed',
  'Chen Wei',
  'Dana Levi',
  'Elif Kaya',
  'Farah Noor',
];
const CHANNELS = [
  { id: '6932b17e3f19753775b74490', name: 'Web chat' },
  { id: '6932b17e3f19753775b74491', name: 'WhatsApp' },
];

/** Events of one conversation, on the fixtures' envelope. */
class Conversation {
  constructor(id, start, { customer, channel }) {
    Object.assign(this, { id, start, customer, channel, events: [], seq: 0 });
  }

  envelope(name, at, change) {
    const e = fixture(existsFixture(name) ? name : 'AGENT_MESSAGE');
    e.name = name;
    e.id = `${this.id}-e${this.seq++}`;
    e.conversationId = this.id;
    e.timestamp = this.start + at * 1000;
    const customer = {
      _id: `cust-${this.customer.replace(/\W/g, '').toLowerCase()}`,
      firstName: this.customer,
      phoneNumber: [],
      isAnonymous: false,
    };
    if (e.channelSession) {
      e.channelSession.conversationId = this.id;
      e.channelSession.id = `${this.id}-session`;
      e.channelSession.customer = customer;
      e.channelSession.channel = { ...e.channelSession.channel, ...this.channel };
    }
    change(e, customer);
    this.events.push(e);
    return this;
  }

  message(name, at, sender, body) {
    return this.envelope(name, at, (e, customer) => {
      e.data.id = `${e.id}-msg`;
      e.data.header.conversationId = this.id;
      e.data.header.channelSessionId = `${this.id}-session`;
      e.data.header.customer = customer;
      e.data.header.additionalData = { isEncoded: false };
      if (sender) {
        e.data.header.sender = {
          id: sender.id,
          senderName: sender.name,
          type: sender.type ?? 'AGENT',
          additionalDetail: null,
        };
      }
      e.data.body = body;
    });
  }

  text(name, at, sender, text) {
    return this.message(name, at, sender, { type: 'PLAIN', markdownText: text });
  }

  join(at, agent, role) {
    return this.envelope('AGENT_SUBSCRIBED', at, (e) => {
      const p = e.data.agentParticipant;
      p.id = `cp-${agent.id}`;
      p.role = role;
      p.conversationId = this.id;
      p.joiningTime = e.timestamp;
      const [firstName, ...rest] = agent.name.split(' ');
      p.participant.id = agent.id;
      p.participant.keycloakUser = {
        ...p.participant.keycloakUser,
        id: agent.id,
        firstName,
        lastName: rest.join(' '),
        username: agent.id,
      };
      e.eventEmitter = {
        id: agent.id,
        senderName: agent.name,
        type: 'AGENT',
        additionalDetail: null,
      };
    });
  }

  session(name, at) {
    return this.envelope(name, at, (e) => {
      e.data.id = `${this.id}-session`;
      e.data.conversationId = this.id;
      e.data.customer = e.channelSession?.customer ?? e.data.customer;
      e.data.channel = { ...e.data.channel, ...this.channel };
    });
  }
}

const known = new Set([
  'AGENT_MESSAGE',
  'BOT_MESSAGE',
  'CUSTOMER_MESSAGE',
  'WHISPER_MESSAGE',
  'AGENT_SUBSCRIBED',
  'CHANNEL_SESSION_STARTED',
  'CHANNEL_SESSION_ENDED',
]);
function existsFixture(name) {
  return known.has(name);
}

const BOT = { id: 'bot-helper', name: 'Helper Bot', type: 'BOT' };
const QUESTIONS = [
  'My parcel has not arrived yet.',
  'Can I change my delivery address?',
  'I was charged twice for order 5521.',
  'How do I return a damaged item?',
  'مرحبا، أين طلبي؟',
  'Is the blue kettle back in stock?',
];

/** Conversation i of the demo: a customer, the bot, a primary agent and (mostly) a consulted colleague. */
function everyday(i, start) {
  const primary = AGENTS[i % AGENTS.length];
  const consultant = AGENTS[(i + 1) % AGENTS.length];
  const c = new Conversation(`demo-${String(i).padStart(3, '0')}`, start, {
    customer: CUSTOMERS[i % CUSTOMERS.length],
    channel: CHANNELS[i % 3 === 0 ? 1 : 0],
  });
  c.session('CHANNEL_SESSION_STARTED', 0)
    .text('CUSTOMER_MESSAGE', 5, null, QUESTIONS[i % QUESTIONS.length])
    .message('BOT_MESSAGE', 7, BOT, {
      type: 'BUTTON',
      markdownText: 'Let me connect you with an agent. Meanwhile:',
      buttons: [{ type: 'postback', title: 'Track my order', payload: 'TRACK' }],
    })
    .join(20 + (i % 5) * 9, primary, 'PRIMARY')
    .text(
      'AGENT_MESSAGE',
      40 + (i % 7) * 13,
      primary,
      `Hello, I am ${primary.name.split(' ')[0]}. Let me check that for you.`,
    );
  if (i % 4 !== 3) {
    c.join(60 + (i % 3) * 10, consultant, 'ASSISTANT')
      .text(
        'WHISPER_MESSAGE',
        90 + (i % 4) * 20,
        primary,
        'Have you seen this carrier before? Anything special?',
      )
      .text(
        'WHISPER_MESSAGE',
        120 + (i % 4) * 20,
        consultant,
        'Yes: their tracking lags a day, offer a voucher if late.',
      );
  }
  c.text(
    'AGENT_MESSAGE',
    200 + (i % 5) * 17,
    primary,
    'Your order is on its way and should arrive tomorrow.',
  )
    .text('CUSTOMER_MESSAGE', 240 + (i % 5) * 17, null, 'Thank you!')
    .session('CHANNEL_SESSION_ENDED', 300 + (i % 9) * 47);
  return c.events;
}

/** The showcase: one message of every body type (test/fixtures/bodies), agents joining, a whisper. */
function showcase(start) {
  const senders = {
    customer: null,
    agent: { ...AGENTS[0] },
    consultant: { ...AGENTS[1] },
    bot: BOT,
  };
  const c = new Conversation('demo-showcase', start, {
    customer: 'Amina Yusuf',
    channel: CHANNELS[0],
  });
  c.session('CHANNEL_SESSION_STARTED', 0)
    .join(5, AGENTS[0], 'PRIMARY')
    .join(6, AGENTS[1], 'ASSISTANT');
  BODY_CASES.forEach((b, i) => c.message(b.name, 10 + i * 20, senders[b.sender], b.body));
  c.session('CHANNEL_SESSION_ENDED', 900);
  return c.events;
}

/** A long conversation of `count` messages, a whisper every tenth, for the time-to-readable figure. */
function long(count, start) {
  const c = new Conversation('demo-long', start, { customer: 'Chen Wei', channel: CHANNELS[0] });
  c.session('CHANNEL_SESSION_STARTED', 0).join(1, AGENTS[2], 'PRIMARY');
  for (let i = 0; i < count; i++) {
    if (i % 10 === 9)
      c.text('WHISPER_MESSAGE', 2 + i, AGENTS[2], `Internal note ${i}: checking stock levels`);
    else if (i % 2 === 0)
      c.text(
        'CUSTOMER_MESSAGE',
        2 + i,
        null,
        `Customer line ${i}: still waiting on my refund for order ${1000 + i}`,
      );
    else
      c.text(
        'AGENT_MESSAGE',
        2 + i,
        AGENTS[2],
        `Agent line ${i}: I have escalated it, you will hear back today`,
      );
  }
  return c.events;
}

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function post(url, events) {
  for (let i = 0; i < events.length; i += 500) {
    const res = await fetch(`${url}/events/batch`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${KEYS.writer.secret}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(events.slice(i, i + 500)),
    });
    const body = await res.json();
    const bad = body.results?.filter((r) => r.status !== 'created' && r.status !== 'duplicate') ?? [
      body,
    ];
    if (!res.ok || bad.length > 0)
      throw new Error(`Seeding failed: ${JSON.stringify(bad.slice(0, 3))}`);
  }
}

/**
 * Starts the built service on a fresh database with `conversations` everyday conversations over the
 * last six days, the showcase and a long conversation of `longMessages` messages.
 */
export async function startDemo({ conversations = 40, longMessages = 1000 } = {}) {
  const name = `cim_console_demo_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${name}`;
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl.toString(),
      API_KEYS: JSON.stringify(Object.values(KEYS)),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode === null ? child.once('exit', r) : r()));
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error('The service exited at start');
      if (
        await fetch(`${url}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 300) throw new Error('The service did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    const now = Date.now();
    const firstDay = Math.floor(now / (24 * HOUR)) * 24 * HOUR - 5 * 24 * HOUR;
    // Spread over the last six days up to three hours ago (the dashboard's default range).
    const hours = Math.floor((now - firstDay) / HOUR) - 3;
    const events = [];
    for (let i = 0; i < conversations; i++) {
      events.push(
        ...everyday(
          i,
          firstDay + Math.floor((i * hours) / conversations) * HOUR + (i % 6) * 7 * 60_000,
        ),
      );
    }
    events.push(...long(longMessages, now - 2 * HOUR));
    events.push(...showcase(now - HOUR));
    await post(url, events);
    return { url, stop, showcase: 'demo-showcase', long: 'demo-long' };
  } catch (error) {
    await stop();
    throw error;
  }
}
