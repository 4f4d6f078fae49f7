import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AGENT_1, BOT, CUSTOMER, ConversationBuilder, type Sender } from './utils/cim-builder.js';
import { createTestDatabase, withAdmin, type TestDatabase } from './utils/database.js';
import { pdfFonts, pdfPageCount, pdfPagePng, pdfToText } from './utils/pdf.js';
import { createTestApp, KEYS, type TestApp } from './utils/test-app.js';

/** What each script's reader must get back out of the PDF, character for character. */
const SCRIPTS = {
  Latin: 'Your order ships tomorrow: déjà vu, naïve façade, Øresund, Łódź',
  Greek: 'Καλημέρα, η παραγγελία σας έφτασε',
  Cyrillic: 'Здравствуйте, ваш заказ отправлен',
  Arabic: 'مرحبا تم شحن طلبك اليوم',
  Urdu: 'آپ کا آرڈر آج بھیج دیا گیا ہے',
  Chinese: '您好，您的订单已发货',
  Japanese: 'ご注文の商品は本日発送されました',
  Korean: '주문하신 상품이 오늘 발송되었습니다',
} as const;
/** Arabic with punctuation (neutral characters in a right-to-left line). */
const ARABIC_PUNCTUATION = 'شكرا، وصل طلبك؟ نعم!';
const EMOJI = 'Thanks 👍 see you 😀';
const WHISPER = 'SECRET-WHISPER check the refund policy first';
const ID = 'conv-pdf-scripts';
const CUSTOMER_SENDER: Sender = { id: CUSTOMER._id, type: 'CUSTOMER', name: CUSTOMER.firstName };
const REQUEST_ID = 'pdf-export-request-0001';

function conversation(): Record<string, unknown>[] {
  const c = new ConversationBuilder(ID);
  const events = [
    c.sessionEvent('p00', 'CHANNEL_SESSION_STARTED', 0, 'STARTED', 'CUSTOMER'),
    ...Object.values(SCRIPTS).map((text, i) =>
      c.text(
        `p0${i + 1}`,
        i % 2 ? 'AGENT_MESSAGE' : 'CUSTOMER_MESSAGE',
        10 + i,
        i % 2 ? AGENT_1 : CUSTOMER_SENDER,
        text,
      ),
    ),
    c.text('p20', 'BOT_MESSAGE', 30, BOT, EMOJI),
    c.text('p19', 'CUSTOMER_MESSAGE', 29, CUSTOMER_SENDER, ARABIC_PUNCTUATION),
    c.text('p21', 'WHISPER_MESSAGE', 31, AGENT_1, WHISPER),
    c.message({
      id: 'p22',
      dataId: 'p22-msg',
      name: 'CUSTOMER_MESSAGE',
      at: 32,
      sender: CUSTOMER_SENDER,
      body: {
        type: 'FILE',
        markdownText: null,
        attachment: {
          mediaUrl: 'https://files.example/receipt-2026.pdf',
          mimeType: 'application/pdf',
          size: 48213,
          name: 'receipt-2026.pdf',
        },
      },
    }),
  ];
  // Enough further messages for a second and third page.
  for (let i = 0; i < 60; i++) {
    events.push(
      c.text(`p9${i}`, 'CUSTOMER_MESSAGE', 40 + i, CUSTOMER_SENDER, `Follow-up line ${i}`),
    );
  }
  return events;
}

describe('PDF export', () => {
  let db: TestDatabase;
  let sut: TestApp;
  const pdfs: Record<'agent' | 'customer', Buffer> = {
    agent: Buffer.alloc(0),
    customer: Buffer.alloc(0),
  };

  const exportPdf = async (view: 'agent' | 'customer') => {
    const key = view === 'agent' ? KEYS.agent : KEYS.customer;
    const res = await sut
      .http()
      .get(`/exports/conversations/${ID}?view=${view}&format=pdf`)
      .set('Authorization', `Bearer ${key.secret}`)
      .set('X-Request-Id', `${REQUEST_ID}-${view}`)
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['x-request-id']).toBe(`${REQUEST_ID}-${view}`);
    return res.body as Buffer;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sut = await createTestApp({ DATABASE_URL: db.url });
    for (const event of conversation()) {
      const res = await sut.postEvent(event);
      expect([res.status, res.body]).toEqual([201, { eventId: event.id, status: 'created' }]);
    }
    pdfs.agent = await exportPdf('agent');
    pdfs.customer = await exportPdf('customer');
    if (process.env.PDF_PREVIEW)
      writeFileSync(process.env.PDF_PREVIEW, pdfPagePng(pdfs.agent, 1, 100));
  }, 120_000);

  afterAll(async () => {
    await sut?.close();
    await db?.drop();
  });

  /**
   * pdftotext's words: layout may wrap a long line, so compare with whitespace collapsed; it marks
   * right-to-left stretches with invisible embedding controls (U+202A-U+202E), left out here.
   */
  const words = (text: string) => text.replace(/[\u202a-\u202e]/g, '').replace(/\s+/g, ' ');

  it.each(Object.entries(SCRIPTS))(
    'should give back the %s text character for character through pdftotext',
    (_script, text) => {
      expect(words(pdfToText(pdfs.agent))).toContain(text);
      expect(words(pdfToText(pdfs.customer))).toContain(text);
    },
  );

  it('should give back Arabic words and punctuation on one line (poppler places neutrals itself)', () => {
    // On a page that reads left to right, pdftotext puts the neutral "!" and "،" of a right-to-left
    // line where its own bidi pass puts them: the characters come back, their order around words may not.
    const line = words(pdfToText(pdfs.agent))
      .split(/(?:\d{4}-\d\d-\d\dT[\d:.]+Z)/)
      .find((l) => l.includes('شكرا'));
    for (const word of ['شكرا', 'وصل', 'طلبك', 'نعم']) expect(line).toContain(word);
    for (const mark of ['،', '؟', '!']) expect(line).toContain(mark);
  });

  it('should draw emoji from an embedded emoji font and keep the text around them', () => {
    const text = words(pdfToText(pdfs.agent));
    // Noto Emoji maps its glyphs to the code points: even the emoji come back.
    expect(text).toContain(EMOJI);
    expect(pdfFonts(pdfs.agent).map((f) => f.name)).toContain('NotoEmoji-Regular');
  });

  it('should embed every font as a subset, and only the fonts the document uses', () => {
    const fonts = pdfFonts(pdfs.agent);
    expect(fonts.every((f) => f.embedded && f.subset)).toBe(true);
    expect(fonts.map((f) => f.name).sort()).toEqual(
      [
        'NotoEmoji-Regular',
        'NotoNaskhArabic',
        'NotoSans-Bold',
        'NotoSans-Italic',
        'NotoSans-Regular',
        'NotoSansHans-Regular',
        'NotoSansJP-Regular',
        'NotoSansKR-Regular',
      ].sort(),
    );
    // The whole CJK fonts are megabytes each; subsets of a few dozen glyphs are not.
    expect(pdfs.agent.length).toBeLessThan(600_000);
  });

  it('should number every page and carry the request id on each', () => {
    const pages = pdfPageCount(pdfs.agent);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let page = 1; page <= pages; page++) {
      const text = pdfToText(pdfs.agent, page);
      expect(text).toContain(`Page ${page} · Request ${REQUEST_ID}-agent · Conversation ${ID}`);
    }
  });

  it('should state the view, who exported it and the verified audit chain head on the first page', async () => {
    const [chain] = await withAdmin(
      (c) =>
        c
          .query<{ head: string; events: number }>(
            "SELECT encode(head, 'hex') AS head, events FROM audit_chains WHERE conversation_id = cim_id($1)",
            [ID],
          )
          .then((r) => r.rows),
      db.url,
    );
    const first = words(pdfToText(pdfs.agent, 1));
    expect(first).toContain('View: AGENT (full, whispers included)');
    expect(first).toContain(`Exported by: ${KEYS.agent.name} (API key)`);
    expect(first).toContain(`Audit chain head: ${chain.head} (${chain.events} events, last p959)`);
    expect(first).toContain(`Audit verification: intact (${chain.events} events recomputed)`);
    const customer = words(pdfToText(pdfs.customer, 1));
    expect(customer).toContain('View: CUSTOMER (what the customer saw)');
    expect(customer).toContain(`Exported by: ${KEYS.customer.name} (API key)`);
    // The chain covers the whisper too: the customer view gives no event id or count.
    expect(customer).toContain(
      `Audit chain head: ${chain.head} (covers every stored event of the conversation)`,
    );
    expect(customer).toContain('Audit verification: intact');
    expect(customer).not.toContain('events recomputed');
  });

  it('should list an attachment with its file name, type, size and URL', () => {
    expect(words(pdfToText(pdfs.agent))).toContain(
      'Attachment: receipt-2026.pdf · application/pdf · 48213 bytes · https://files.example/receipt-2026.pdf',
    );
  });

  it('should show the whisper in the agent view only', () => {
    expect(words(pdfToText(pdfs.agent))).toContain(WHISPER);
    expect(pdfToText(pdfs.customer)).not.toContain('SECRET-WHISPER');
    expect(pdfToText(pdfs.customer)).not.toContain('WHISPER');
  });

  it('should say when the chain no longer verifies', async () => {
    await withAdmin(
      (c) =>
        c.query(
          "UPDATE audit_chains SET head = decode(repeat('00', 32), 'hex') WHERE conversation_id = cim_id($1)",
          [ID],
        ),
      db.url,
    );
    const first = words(pdfToText(await exportPdf('agent'), 1));
    expect(first).toContain(`Audit chain head: ${'00'.repeat(32)}`);
    expect(first).toContain('Audit verification: BROKEN (first broken event: the chain head)');
  });
});
