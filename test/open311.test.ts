import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpen311Router } from '../adapters/http/open311/router.ts';
import { escapeXml } from '../adapters/http/open311/xml.ts';
import { openSqliteTicketStore } from '../adapters/stores/sqlite-ticket-store.ts';
import type { ComplaintCategory } from '../bot/ports.ts';
import type { TicketStore } from '../bot/tickets/ports.ts';
import { FakeClock, sampleTicket } from './ticket-store.contract.ts';

// The shared datasets sit beside the repository (../shared from the repo root), never inside it.
const EXAMPLES = fileURLToPath(new URL('../../shared/datasets/open311-georeport-v2/examples/', import.meta.url));
const haveExamples = existsSync(EXAMPLES);
const example = (name: string) => readFileSync(`${EXAMPLES}${name}`, 'utf8');

const CATEGORIES: ComplaintCategory[] = [
  {
    id: 'street-lighting',
    name: { vi: 'Đèn chiếu sáng công cộng', en: 'Street lighting' },
    unit: { name: { vi: 'UBND phường nơi xảy ra sự việc', en: 'The ward People’s Committee' } },
    handlingDays: 7,
    examples: { en: ['the street light is out'] },
    keywords: { en: ['street light', 'lamp post'], vi: ['đèn đường'] },
    attributes: [
      { code: 'pole_number', required: false, datatype: 'string', description: { en: 'Pole number (if visible)', vi: 'Số cột' } },
      {
        code: 'lamp_state', required: true, datatype: 'singlevaluelist', description: { en: 'What is wrong?' },
        values: [{ key: 'off', name: { en: 'Off' } }, { key: 'flicker', name: { en: 'Flickering' } }],
      },
    ],
  },
  {
    id: 'noise',
    name: { vi: 'Tiếng ồn', en: 'Noise' },
    unit: { name: { vi: 'UBND phường', en: 'Ward People’s Committee & <police>' } },
    handlingDays: 3,
    examples: { en: ['karaoke at 2am'] },
    keywords: { en: ['karaoke'] },
    attributes: [],
  },
];

const API_KEY = 'xyz';
let store: TicketStore;
let server: Server;
let base: string;
const clock = new FakeClock(new Date('2026-07-01T03:00:00Z'));

beforeAll(async () => {
  store = openSqliteTicketStore({ file: ':memory:', clock });
  const app = express();
  app.use('/open311/v2', createOpen311Router({ store, categories: () => CATEGORIES, apiKeys: [API_KEY], jurisdictionId: 'hue.gov.vn', clock }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/open311/v2`;
});
afterAll(async () => {
  server.close();
  await store.close();
});

/** A strict-enough well-formedness check: balanced tags, escaped text, one root. */
function assertWellFormedXml(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const stack: string[] = [];
  let roots = 0;
  for (const token of body.split(/(<[^>]*>)/)) {
    if (!token) continue;
    if (token.startsWith('<')) {
      const m = /^<(\/?)([A-Za-z_][\w.-]*)\s*(\/?)>$/.exec(token);
      expect(m, `bad tag ${token}`).not.toBeNull();
      const [, close, name, selfClose] = m!;
      if (close) expect(stack.pop(), `unbalanced </${name}>`).toBe(name);
      else if (!selfClose) {
        if (!stack.length) roots += 1;
        stack.push(name!);
      } else if (!stack.length) roots += 1;
    } else {
      expect(token, 'raw < or & in text').not.toMatch(/<|&(?!(amp|lt|gt|quot|apos|#\d+);)/);
      if (!stack.length) expect(token.trim()).toBe('');
    }
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

/** Element names directly inside the first <item> of an XML list. */
function childNames(xml: string, item: string): string[] {
  const block = new RegExp(`<${item}>([\\s\\S]*?)\\n\\s*</${item}>`).exec(xml)?.[1] ?? '';
  const names = new Set<string>();
  let depth = 0;
  for (const m of block.matchAll(/<(\/?)([A-Za-z_][\w]*)[^>]*?(\/?)>/g)) {
    if (m[1]) depth -= 1;
    else {
      if (depth === 0) names.add(m[2]!);
      if (!m[3]) depth += 1;
    }
  }
  return [...names].sort();
}

/** The spec's JSON examples write codes like 001; quote them to read the field names. */
const tolerantJson = (text: string) => JSON.parse(text.replace(/"\s*:\s*(0\d+)(?=\s*[,}\]])/g, '":"$1"')) as unknown;
const keysOf = (v: unknown) => Object.keys(Array.isArray(v) ? (v[0] as object) : (v as object)).sort();

const post = (path: string, body: string, type = 'application/x-www-form-urlencoded; charset=utf-8') =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('Open311 GeoReport v2', () => {
  it('serves discovery in JSON and XML', async () => {
    const json = await (await fetch(`${base}/discovery.json`)).json();
    expect(json.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: base, type: 'production' });
    const xml = await (await fetch(`${base}/discovery.xml`)).text();
    assertWellFormedXml(xml);
    expect(xml).toContain('<format>application/json</format>');
    expect((await fetch(`${base}/discovery.html`)).status).toBe(404);
  });

  it('lists services and service definitions', async () => {
    const services = await (await fetch(`${base}/services.json`)).json();
    expect(services).toEqual([
      expect.objectContaining({ service_code: 'street-lighting', service_name: 'Street lighting', metadata: true, type: 'realtime', keywords: 'street light, lamp post, đèn đường', group: 'infrastructure' }),
      expect.objectContaining({ service_code: 'noise', metadata: false, group: 'environment' }),
    ]);
    const xml = await (await fetch(`${base}/services.xml`)).text();
    assertWellFormedXml(xml);
    expect(xml).toContain('&amp; &lt;police&gt;');
    const def = await (await fetch(`${base}/services/street-lighting.json`)).json();
    expect(def.attributes[1]).toEqual({
      variable: true, code: 'lamp_state', datatype: 'singlevaluelist', required: true, datatype_description: null, order: 2,
      description: 'What is wrong?', values: [{ key: 'off', name: 'Off' }, { key: 'flicker', name: 'Flickering' }],
    });
    assertWellFormedXml(await (await fetch(`${base}/services/street-lighting.xml`)).text());
    const missing = await fetch(`${base}/services/potholes.json`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([{ code: 404, description: 'Unknown service_code potholes' }]);
    expect((await fetch(`${base}/services.json?jurisdiction_id=city.gov`)).status).toBe(404);
    expect((await fetch(`${base}/services.json?jurisdiction_id=`)).status).toBe(200);
  });

  it('creates requests from a form post and validates it per the spec', async () => {
    const ok = { api_key: API_KEY, service_code: 'street-lighting', lat: '16.4698', long: '107.5786', description: 'Lamp out', 'attribute[lamp_state]': 'off' };
    const res = await post('/requests.json', form({ ...ok, phone: '0905123456', account_id: 'acc-1' }));
    expect(res.status).toBe(201);
    const [created] = await res.json();
    expect(created.service_request_id).toMatch(/^HUE-2026-[0-9A-HJKMNP-TV-Z]{7}$/);
    expect(created.account_id).toBe('acc-1');
    const ticket = await store.getByCode(created.service_request_id);
    expect(ticket).toMatchObject({ contactPhone: '0905123456', consent: { purpose: 'open311 request' }, attributes: { lamp_state: 'off' } });

    const cases: [Record<string, string>, number, RegExp][] = [
      [{ ...ok, api_key: '' }, 403, /api_key/],
      [{ ...ok, api_key: 'wrong' }, 403, /Invalid api_key/],
      [{ ...ok, service_code: '' }, 400, /service_code is required/],
      [{ ...ok, service_code: 'potholes' }, 404, /Unknown service_code/],
      [{ ...ok, lat: '', long: '' }, 400, /location is required/],
      [{ ...ok, long: '' }, 400, /together/],
      [{ ...ok, lat: 'north' }, 400, /WGS84/],
      [{ ...ok, 'attribute[lamp_state]': '' }, 400, /attribute\[lamp_state\] is required/],
      [{ ...ok, 'attribute[lamp_state]': 'exploded' }, 400, /one of: off, flicker/],
      [{ ...ok, jurisdiction_id: 'city.gov' }, 404, /jurisdiction_id/],
    ];
    for (const [fields, status, description] of cases) {
      const r = await post('/requests.json', form(fields));
      expect(r.status, JSON.stringify(fields)).toBe(status);
      const [err] = await r.json();
      expect(err.code).toBe(status);
      expect(err.description).toMatch(description);
    }
    const xmlErr = await post('/requests.xml', form({ ...ok, api_key: 'wrong' }));
    expect(xmlErr.status).toBe(403);
    const xml = await xmlErr.text();
    assertWellFormedXml(xml);
    expect(xml).toMatch(/<errors>\s*<error>\s*<code>403<\/code>\s*<description>/);
  });

  it('accepts JSON bodies and answers a malformed one with a clear 400', async () => {
    const res = await post('/requests.json', JSON.stringify({ api_key: API_KEY, service_code: 'noise', address_string: '5 Nguyễn Huệ, p. Thuận Hóa', description: 'Karaoke' }), 'application/json');
    expect(res.status).toBe(201);
    const [created] = await res.json();
    expect((await store.getByCode(created.service_request_id))?.ward).toBe('Thuận Hóa');
    const bad = await post('/requests.json', '{"service_code":001}', 'application/json');
    expect(bad.status).toBe(400);
    expect((await bad.json())[0].description).toMatch(/not valid JSON/);
  });

  it('returns requests with open/closed status, filters and no personal data', async () => {
    const t = await store.create(sampleTicket({ category: 'noise', description: 'Loud <bar> & "karaoke", call 0905 123 456', contactPhone: '0905123456', consent: { purpose: 'x', at: clock.now() }, publicConsentAt: clock.now() }));
    await store.changeStatus(t.code, { status: 'in_progress', publicNote: 'Police informed', internalNote: 'secret', by: 'staff' });
    await store.changeStatus(t.code, { status: 'in_progress', publicNote: 'Đã gọi 0905123456, email lan@example.com', internalNote: 'secret', by: 'staff' });
    const closed = await store.create(sampleTicket({ category: 'noise', description: 'Anh Nam ở 12 Lê Lợi, xe 43A-123.45' }));
    await store.changeStatus(closed.code, { status: 'rejected', by: 'staff' });
    const one = await (await fetch(`${base}/requests/${t.code}.json`)).json();
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({
      service_request_id: t.code, status: 'open', status_notes: 'In progress. Đã gọi [phone …56], email [email]', service_code: 'noise',
      service_name: 'Noise', agency_responsible: t.unitName, requested_datetime: '2026-07-01T10:00:00+07:00', media_url: null,
    });
    expect(one[0].expected_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\+07:00$/);
    const text = JSON.stringify(one);
    expect(text).not.toMatch(/0905|secret|photos|lan@/);
    expect(one[0].description).toBe('Loud <bar> & "karaoke", call [phone …56]');
    const xml = await (await fetch(`${base}/requests/${t.code}.xml`)).text();
    assertWellFormedXml(xml);
    expect(xml).toContain('Loud &lt;bar&gt; &amp; &quot;karaoke&quot;');
    expect((await fetch(`${base}/requests/HUE-2026-999999.json`)).status).toBe(404);

    const codes = async (q: string) => ((await (await fetch(`${base}/requests.json${q}`)).json()) as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(await codes('?status=closed')).toEqual([closed.code]);
    // Without the reporter's consent, neither description nor address is listed.
    const listed = (await (await fetch(`${base}/requests.json?status=closed`)).json()) as Record<string, unknown>[];
    expect(listed[0]).toMatchObject({ service_request_id: closed.code, description: null, address: null });
    expect(JSON.stringify(listed)).not.toMatch(/Anh Nam|Lê Lợi|43A/);
    expect(await codes('?service_code=noise&status=open')).toContain(t.code);
    expect(await codes('?service_code=street-lighting')).not.toContain(t.code);
    expect(await codes(`?service_request_id=${t.code},${closed.code}&status=open`)).toEqual([closed.code, t.code]);
    expect(await codes('?start_date=2026-06-01T00:00:00Z&end_date=2026-06-30T00:00:00Z')).toEqual([]);
    expect((await fetch(`${base}/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-07-01T00:00:00Z`)).status).toBe(400);
    expect((await fetch(`${base}/requests.json?status=pending`)).status).toBe(400);
    clock.advance(91 * 24 * 60 * 60 * 1000);
    expect(await codes('')).toEqual([]); // default window: the last 90 days
    clock.advance(-91 * 24 * 60 * 60 * 1000);
    assertWellFormedXml(await (await fetch(`${base}/requests.xml`)).text());
  });

  it('masks people\'s names in the public listing, keeping streets and places', async () => {
    const named = await store.create(sampleTicket({ category: 'noise', description: 'Karaoke nhà ông Trần Văn Bình, kiệt 3 Võ Thị Sáu', address: 'cạnh nhà chị Lan, 5 Nguyễn Huệ', publicConsentAt: clock.now() }));
    await store.changeStatus(named.code, { status: 'in_progress', publicNote: 'Mr. Smith from the ward visited', by: 'staff' });
    const [listed] = await (await fetch(`${base}/requests/${named.code}.json`)).json();
    expect(listed).toMatchObject({ description: 'Karaoke nhà ông [name], kiệt 3 Võ Thị Sáu', address: 'cạnh nhà chị [name], 5 Nguyễn Huệ', status_notes: 'In progress. Mr. [name] from the ward visited' });
  });

  it('escapes every XML special character and drops forbidden control characters', () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
  });
});

describe.skipIf(!haveExamples)('Open311 spec examples replayed (skipped without ../shared/datasets/open311-georeport-v2)', () => {
  it('our JSON and XML use the field names of the spec examples', async () => {
    const pairs: [string, string, string, string][] = [
      ['/services.json', 'json-service-list.json', '/services.xml', 'service'],
      ['/requests.json', 'json-service-requests.json', '/requests.xml', 'request'],
    ];
    for (const [path, file, xmlPath, item] of pairs) {
      const ours = await (await fetch(`${base}${path}`)).json();
      expect(ours.length).toBeGreaterThan(0);
      expect(keysOf(ours)).toEqual(keysOf(tolerantJson(example(file))));
      const xmlFile = file.replace('json-', 'xml-').replace('.json', '.xml');
      assertWellFormedXml(example(xmlFile)); // the checker itself accepts the spec's XML
      expect(childNames(await (await fetch(`${base}${xmlPath}`)).text(), item)).toEqual(childNames(example(xmlFile), item));
    }
    const def = await (await fetch(`${base}/services/street-lighting.json`)).json();
    const specDef = tolerantJson(example('json-service-definition.json')) as { attributes: unknown[] };
    expect(keysOf(def)).toEqual(keysOf(specDef));
    expect(keysOf(def.attributes)).toEqual(keysOf(specDef.attributes));
    const defXml = await (await fetch(`${base}/services/street-lighting.xml`)).text();
    expect(childNames(defXml, 'attribute')).toEqual(childNames(example('xml-service-definition.xml'), 'attribute'));
  });

  it('the spec JSON examples with leading zeros are rejected with a 400, not a crash', async () => {
    for (const file of ['json-service-list.json', 'json-service-requests.json', 'json-service-request.json']) {
      const res = await post('/requests.json', example(file), 'application/json');
      expect(res.status).toBe(400);
      expect((await res.json())[0]).toMatchObject({ code: 400 });
    }
  });

  it('replays the spec POST example: 404 for its jurisdiction and service, then creates a ticket', async () => {
    const raw = example('post-service-request-example.http');
    const [head, body] = raw.split(/\r?\n\r?\n/) as [string, string];
    const type = /^Content-Type:\s*(.+)$/im.exec(head)![1]!.trim();
    const path = /^POST \/dev\/v2(\/\S+)/.exec(head)![1]!;
    expect(path).toBe('/requests.xml');
    const asIs = await post(path, body.trim(), type);
    expect(asIs.status).toBe(404);
    assertWellFormedXml(await asIs.text());
    const ours = body.trim().replace('jurisdiction_id=city.gov', 'jurisdiction_id=hue.gov.vn');
    expect((await post(path, ours, type)).status).toBe(404); // service_code 001 is not ours
    const res = await post(path, ours.replace('service_code=001', 'service_code=noise'), type);
    expect(res.status).toBe(201);
    const xml = await res.text();
    assertWellFormedXml(xml);
    expect(childNames(xml, 'request')).toEqual(childNames(example('xml-service-request-post.xml'), 'request'));
    const id = /<service_request_id>([^<]+)<\/service_request_id>/.exec(xml)![1]!;
    const ticket = await store.getByCode(id);
    expect(ticket).toMatchObject({
      address: '1234 5th street', location: { lat: 37.76524078, lng: -122.4212043 }, description: 'A large sinkhole is destroying the street',
      contactPhone: '111111111', attributes: { WHISPAWN: '123456', WHISDORN: 'COISL001' },
      photos: ['http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg'],
    });
    expect(xml).toContain('<account_id>123456</account_id>');
    const back = await (await fetch(`${base}/requests/${id}.json`)).json();
    expect(back[0].media_url).toBeNull();
    expect(JSON.stringify(back)).not.toContain('111111111');
  });

  it('answers a wrong key like the spec error example', async () => {
    const res = await post('/requests.json', form({ api_key: 'nope', service_code: 'noise', lat: '16.46', long: '107.58' }));
    const spec = example('json-errors.json.http');
    expect(res.status).toBe(Number(/^HTTP\/1\.1 (\d{3})/.exec(spec)![1]));
    expect(keysOf(await res.json())).toEqual(keysOf(JSON.parse(spec.slice(spec.indexOf('[')))));
  });
});
