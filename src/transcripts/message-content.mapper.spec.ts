import { describe, expect, it } from '@jest/globals';
import { toMessageContent } from './message-content.mapper.js';

describe(toMessageContent.name, () => {
  it.each([
    [
      'IMAGE',
      { attachment: { mediaUrl: 'u', mimeType: 'image/png', size: 5 }, caption: 'c' },
      'attachment',
      { mediaUrl: 'u', mimeType: 'image/png', size: 5, name: null, thumbnail: null, caption: 'c' },
    ],
    [
      'FILE',
      {
        attachment: { url: 'u', contentType: 'application/pdf', fileSize: '12', fileName: 'f.pdf' },
      },
      'attachment',
      {
        mediaUrl: 'u',
        mimeType: 'application/pdf',
        size: 12,
        name: 'f.pdf',
        thumbnail: null,
        caption: null,
      },
    ],
    [
      'BUTTON',
      { buttons: [{ title: 'Yes', payload: 'Y', type: 'postback' }] },
      'buttons',
      [{ title: 'Yes', payload: 'Y', type: 'postback', url: null }],
    ],
    [
      'CAROUSEL',
      { elements: [{ title: 'T', description: 'D', image: { url: 'i' } }] },
      'cards',
      [{ title: 'T', subtitle: 'D', imageUrl: 'i', buttons: [] }],
    ],
    [
      'LOCATION',
      { latitude: '1.5', longitude: 2, label: 'Here' },
      'location',
      { latitude: 1.5, longitude: 2, name: 'Here', address: null },
    ],
    [
      'CONTACT',
      { contact: { name: 'N', phone: '1', email: 'e' } },
      'contacts',
      [{ name: 'N', phones: ['1'], emails: ['e'] }],
    ],
    [
      'URL',
      { link: 'l', title: 't', caption: 'd' },
      'link',
      { url: 'l', title: 't', description: 'd' },
    ],
    [
      'EMAIL',
      { subject: 's', to: 'a@b', cc: [{ email: 'c@d' }] },
      'email',
      { subject: 's', to: ['a@b'], cc: ['c@d'], attachments: [] },
    ],
    [
      'TEMPLATE',
      { template: { name: 'n', language: { code: 'en' }, components: [1] } },
      'template',
      { name: 'n', language: 'en', parameters: [1] },
    ],
    [
      'WRAPUP',
      { wrapUps: [{ name: 'Billing' }, { values: [{ value: 'Refund' }] }], note: 'ok' },
      'wrapUp',
      { codes: ['Billing', 'Refund'], notes: 'ok' },
    ],
  ])('should type a %s body', (type, body, field, expected) => {
    const sut = toMessageContent(type, body) as unknown as Record<string, unknown>;
    expect(sut[field]).toEqual(expected);
    expect(sut.body).toBe(body);
  });

  it.each([['PLAIN'], ['SURVEY'], ['']])('should keep only the body for %j', (type) => {
    const body = { type, anything: [1, 2] };
    expect(toMessageContent(type, body)).toEqual({
      attachment: null,
      buttons: null,
      cards: null,
      location: null,
      contacts: null,
      link: null,
      email: null,
      template: null,
      wrapUp: null,
      body,
    });
  });

  it('should not fail on a body that is not an object', () => {
    expect(toMessageContent('BUTTON', 'oops').buttons).toEqual([]);
    expect(toMessageContent('IMAGE', null).attachment).toEqual({
      mediaUrl: null,
      mimeType: null,
      size: null,
      name: null,
      thumbnail: null,
      caption: null,
    });
  });
});
