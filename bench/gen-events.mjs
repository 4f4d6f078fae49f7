#!/usr/bin/env node
// Writes NDJSON of realistic CIM message events, deterministic for a seed (same options and seed, same
// bytes). Each event keeps the exact envelope of test/fixtures/WHISPER_MESSAGE.json (a real
// Expertflow CX event); per conversation: one channel session (customer, channel data, channel)
// repeated by every event, a customer, a bot, one or two agents (two whenever it has whispers).
// Events: CUSTOMER_MESSAGE, BOT_MESSAGE, AGENT_MESSAGE, WHISPER_MESSAGE, base64 text bodies
// (isEncoded) in English, Arabic, Urdu, Chinese, Japanese, Korean and emoji, about 5% of them long
// (1 to 4 KB). Conversations are interleaved by timestamp, as a live platform publishes them.
//
//   node bench/gen-events.mjs --conversations 5000 [--messages 20] [--whispers 0.1] [--seed 43] --out FILE

import { createWriteStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100' },
    messages: { type: 'string', default: '20' },
    whispers: { type: 'string', default: '0.1' },
    long: { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '1' },
    'start-ms': { type: 'string', default: '1765881831351' },
    out: { type: 'string', default: '-' },
  },
});
const CONVERSATIONS = Number(opt.conversations);
const MESSAGES = Number(opt.messages);
const WHISPER_RATIO = Number(opt.whispers);
const LONG_RATIO = Number(opt.long);
const START = Number(opt['start-ms']);
const TEMPLATE = JSON.parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/WHISPER_MESSAGE.json'),
    'utf8',
  ),
);

/** mulberry32 over a string seed: small, fast, deterministic. */
function rng(seed) {
  let a = 2166136261;
  for (const ch of String(seed)) a = Math.imul(a ^ ch.charCodeAt(0), 16777619);
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    hex: (n) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
}

const pools = rng(`${opt.seed}:pools`);
let counter = pools.int(0, 0xffffff);
/** A MongoDB ObjectId: 4 bytes of seconds, 5 random bytes, a 3-byte counter. */
const objectId = (r, ms) => {
  counter = (counter + 1) & 0xffffff;
  return (
    Math.floor(ms / 1000)
      .toString(16)
      .padStart(8, '0') +
    r.hex(10) +
    counter.toString(16).padStart(6, '0')
  );
};
const uuid = (r) => {
  const h = r.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
};

const CHANNELS = ['Help-Web', 'Orders-Web', 'Returns-Web', 'Accounts-Web'].map((name, i) => {
  const channel = structuredClone(TEMPLATE.channelSession.channel);
  const t0 = START - 86_400_000 * (10 + i);
  Object.assign(channel, { id: objectId(pools, t0), name, serviceIdentifier: String(7001 + i) });
  channel.tenant.id = objectId(pools, t0);
  channel.channelConfig.id = objectId(pools, t0);
  channel.channelConfig.botId = objectId(pools, t0);
  channel.channelConnector.id = objectId(pools, t0);
  const bot = name.split('-')[0];
  return {
    channel,
    bot: {
      id: channel.channelConfig.botId,
      senderName: `${bot} Bot`,
      type: 'BOT',
      additionalDetail: { firstName: `${bot} Bot`, lastName: '' },
    },
  };
});
const AGENTS = [
  ['hina', 'Hina', 'Qureshi'],
  ['omar', 'عمر', 'فاروق'],
  ['li.na', '娜', '李'],
  ['kenji', '健二', '田中'],
  ['seo.yeon', '서연', '박'],
  ['lucas', 'Lucas', 'Moreau'],
  ['ana', 'Ana', 'Souza'],
  ['imran', 'Imran', 'Butt'],
  ['layla', 'ليلى', 'سالم'],
  ['tariq', 'طارق', 'محمود'],
  ['grace', 'Grace', 'Okafor'],
  ['nadia', 'نادیہ', 'رحمان'],
].map(([senderName, firstName, lastName]) => ({
  id: uuid(pools),
  senderName,
  type: 'AGENT',
  additionalDetail: { firstName, lastName },
}));

const PHRASES = {
  en: [
    'Hello, I need help with my order.',
    'Could you check the delivery date?',
    'Thanks, that works for me.',
    "I'll look into it right away.",
    'Please share your order number.',
    '**Note:** the refund takes 3-5 days.',
    'She said "it\'s fine" \\ okay?',
  ],
  ar: [
    'مرحبا، أحتاج مساعدة في طلبي.',
    'هل يمكنك التحقق من موعد التسليم؟',
    'شكرا جزيلا لك.',
    'سأتحقق من ذلك فورا.',
  ],
  ur: [
    'السلام علیکم، مجھے اپنے آرڈر میں مدد چاہیے۔',
    'براہ کرم اپنا آرڈر نمبر بتائیں۔',
    'شکریہ، یہ ٹھیک ہے۔',
  ],
  zh: ['你好，我的订单需要帮助。', '请问什么时候送达？', '谢谢，这样可以。'],
  ja: [
    'こんにちは、注文について質問があります。',
    '配達日を確認していただけますか？',
    'ありがとうございます。',
  ],
  ko: ['안녕하세요, 주문 관련 도움이 필요합니다.', '배송 날짜를 확인해 주시겠어요?', '감사합니다.'],
  emoji: ['👍', '🙏🏽 thanks!', '👩🏽‍💻 checking now 🇵🇰', '😀😀 great'],
};
const LOCALES = ['en', 'en', 'en', 'ar', 'ur', 'zh', 'ja', 'ko', 'emoji'];

function text(r, locale) {
  let out = r.pick(PHRASES[locale]);
  if (r.chance(0.3)) out += ` ${r.pick(PHRASES[r.pick(LOCALES)])}`;
  if (r.chance(LONG_RATIO)) {
    const target = r.int(1024, 4096);
    while (Buffer.byteLength(out) < target) out += ` ${r.pick(PHRASES[locale])}`;
  }
  return out;
}

/** One conversation's events, built lazily in time order. */
function* conversation(index, startMs) {
  const r = rng(`${opt.seed}:conversation:${index}`);
  const { channel, bot } = r.pick(CHANNELS);
  const locale = r.pick(LOCALES);
  const conversationId = objectId(r, startMs);
  const roomId = objectId(r, startMs);
  const identifier = r.chance(0.6)
    ? String(r.int(1000, 99_999_999))
    : `+92${r.int(3_000_000_000, 3_499_999_999)}`;
  const customer = {
    ...structuredClone(TEMPLATE.data.header.customer),
    _id: objectId(r, startMs - r.int(0, 5e9)),
    firstName: identifier,
    web: [identifier],
  };
  const channelData = structuredClone(TEMPLATE.data.header.channelData);
  channelData.channelCustomerIdentifier = identifier;
  channelData.serviceIdentifier = channel.serviceIdentifier;
  const session = structuredClone(TEMPLATE.channelSession);
  Object.assign(session, {
    id: objectId(r, startMs),
    channel,
    customer,
    channelData,
    conversationId,
    roomInfo: { id: roomId, mode: 'CONTACT_CENTER' },
  });
  const customerSender = {
    id: customer._id,
    senderName: identifier,
    type: 'CUSTOMER',
    additionalDetail: { firstName: identifier, lastName: '' },
  };
  const agents = [r.pick(AGENTS), r.pick(AGENTS)];
  const whispers = Math.floor(WHISPER_RATIO * MESSAGES + r.next());
  const botMessages = r.int(1, 5);
  let t = startMs;
  for (let i = 0; i < MESSAGES; i++) {
    let name = 'CUSTOMER_MESSAGE';
    let sender = customerSender;
    if (i > 0 && i <= botMessages && i % 2 === 1) [name, sender] = ['BOT_MESSAGE', bot];
    else if (i > botMessages) {
      if (i >= MESSAGES - whispers) [name, sender] = ['WHISPER_MESSAGE', r.pick(agents)];
      else if (r.chance(0.5)) [name, sender] = ['AGENT_MESSAGE', agents[0]];
    }
    t += i === 0 ? 0 : r.int(800, 40_000);
    const event = structuredClone(TEMPLATE);
    event.id = uuid(r);
    event.name = name;
    event.conversationId = conversationId;
    event.roomInfo = { id: roomId, mode: 'CONTACT_CENTER' };
    event.timestamp = t + r.int(1, 50);
    event.channelSession = session;
    event.eventEmitter = sender;
    const data = event.data;
    data.id = uuid(r);
    Object.assign(data.header, {
      timestamp: t,
      sender,
      channelData,
      customer,
      channelSession: session,
      conversationId,
      roomId,
      channelSessionId: session.id,
    });
    data.body = {
      markdownText: Buffer.from(text(r, name === 'CUSTOMER_MESSAGE' ? locale : 'en')).toString(
        'base64',
      ),
      type: 'PLAIN',
    };
    yield event;
  }
}

// Interleave conversations by timestamp: a conversation starts every ~2 s, each lasts minutes.
const out = opt.out === '-' ? process.stdout : createWriteStream(opt.out);
const live = [];
let started = 0;
let written = 0;
let bytes = 0;
const advance = (c) => {
  const next = c.gen.next();
  c.head = next.done ? null : next.value;
};
while (started < CONVERSATIONS || live.length > 0) {
  const nextStart = START + started * 2000;
  const earliest = live.reduce(
    (best, c) => (best && best.head.timestamp <= c.head.timestamp ? best : c),
    null,
  );
  if (started < CONVERSATIONS && (!earliest || nextStart <= earliest.head.timestamp)) {
    const c = { gen: conversation(started, nextStart) };
    advance(c);
    live.push(c);
    started++;
    continue;
  }
  const line = `${JSON.stringify(earliest.head)}\n`;
  bytes += Buffer.byteLength(line);
  written++;
  if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  advance(earliest);
  if (earliest.head === null) live.splice(live.indexOf(earliest), 1);
}
if (out !== process.stdout) await new Promise((r) => out.end(r));
process.stderr.write(
  `${JSON.stringify({ out: opt.out, conversations: CONVERSATIONS, events: written, avgEventBytes: Math.round(bytes / written) })}\n`,
);
