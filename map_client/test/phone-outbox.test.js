// The phone's outbox against fake-indexeddb: order, exactly once when a reply is lost and the
// item is sent again, survival across a reload (a new Outbox on the same database), refusals kept
// apart with their message, and a second user's items left alone.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { isTransient, messageOf, Outbox } from '../src/phone/outbox.js';
import { buildInit } from '../src/phone/send.js';

let dbCount = 0;
const freshName = () => `outbox-test-${++dbCount}`;

/** A server that applies each client id once and answers replays with the first result. */
function idempotentServer() {
  const applied = [];
  const results = new Map();
  let failNextReply = false;
  let down = false;
  const send = async (item) => {
    if (down) throw new TypeError('Failed to fetch');
    const key = item.clientId;
    if (!results.has(key)) {
      applied.push(item.request.json ?? item.request.form.fields);
      results.set(key, { status: 201, body: { id: applied.length } });
    }
    if (failNextReply) {
      failNextReply = false;
      throw new TypeError('network lost after the server answered');
    }
    return results.get(key);
  };
  return {
    send, applied,
    loseNextReply() { failNextReply = true; },
    setDown(value) { down = value; },
  };
}

const report = (text) => ({ kind: 'report', request: { url: '/api/events/1/reports/', json: { text } } });

describe('phone outbox', () => {
  it('sends in the order the writes were made', async () => {
    const server = idempotentServer();
    const box = await Outbox.open({ name: freshName(), send: server.send, user: 7 });
    for (const text of ['one', 'two', 'three']) await box.add(report(text));
    expect(await box.count()).toBe(3);
    const done = await box.flush();
    expect(done).toEqual({ sent: 3, refused: 0, waiting: 0 });
    expect(server.applied.map((b) => b.text)).toEqual(['one', 'two', 'three']);
  });

  it('puts the client id in the body and the Idempotency-Key header', async () => {
    const box = await Outbox.open({ name: freshName(), send: async () => ({ status: 200, body: {} }), user: 1 });
    const item = await box.add(report('x'));
    expect(item.request.json.client_id).toBe(item.clientId);
    expect(item.clientId).toMatch(/^[0-9a-f-]{36}$/);
    const init = buildInit(item, { csrf: 'tok', language: 'zh-hans' });
    expect(init.headers['Idempotency-Key']).toBe(item.clientId);
    expect(init.headers['X-CSRFToken']).toBe('tok');
    expect(JSON.parse(init.body)).toEqual({ text: 'x', client_id: item.clientId });
  });

  it('applies a write exactly once when the reply was lost and the item is sent again', async () => {
    const server = idempotentServer();
    const box = await Outbox.open({ name: freshName(), send: server.send, user: 7 });
    await box.add(report('first'));
    await box.add(report('second'));
    server.loseNextReply();
    const firstRun = await box.flush();
    expect(firstRun).toEqual({ sent: 0, refused: 0, waiting: 2 }); // the run stops: nothing overtakes
    const [kept] = await box.list();
    expect(kept.attempts).toBe(1);
    expect(kept.lastError).toMatch(/network lost/);
    const secondRun = await box.flush();
    expect(secondRun.sent).toBe(2);
    expect(server.applied.map((b) => b.text)).toEqual(['first', 'second']);
  });

  it('keeps everything while offline and survives a reload of the page', async () => {
    const name = freshName();
    const server = idempotentServer();
    server.setDown(true);
    const before = await Outbox.open({ name, send: server.send, user: 7 });
    await before.add(report('a'));
    await before.add({ kind: 'positions', request: { url: '/api/positions/', json: { samples: [{ lon: 121.4, lat: 31.2 }] } } });
    expect((await before.flush()).waiting).toBe(2);
    before.db.close();

    server.setDown(false);
    const after = await Outbox.open({ name, send: server.send, user: 7 });
    expect((await after.list()).map((i) => i.kind)).toEqual(['report', 'positions']);
    expect(await after.flush()).toEqual({ sent: 2, refused: 0, waiting: 0 });
    expect(server.applied).toHaveLength(2);
  });

  it('moves a refusal aside with its message and goes on with the next write', async () => {
    const answers = [{ status: 409, body: { detail: '距事发点 812 米，超过 500 米' } }, { status: 201, body: {} }];
    const events = [];
    const box = await Outbox.open({ name: freshName(), send: async () => answers.shift(), user: 7 });
    box.subscribe((e) => events.push(e.type));
    await box.add({ kind: 'check_in', request: { url: '/api/events/1/check-ins/', json: { lon: 1, lat: 2 } } });
    await box.add(report('after'));
    expect(await box.flush()).toEqual({ sent: 1, refused: 1, waiting: 0 });
    const [refused] = await box.refused();
    expect(refused.kind).toBe('check_in');
    expect(refused.message).toBe('距事发点 812 米，超过 500 米');
    expect(events).toContain('refused');
    await box.dismissRefused(refused.seq);
    expect(await box.refused()).toEqual([]);
  });

  it('stops on a busy server and on a signed-out session, keeping the item', async () => {
    for (const status of [503, 429, 401]) {
      const box = await Outbox.open({ name: freshName(), send: async () => ({ status, body: { detail: 'later' } }), user: 7 });
      await box.add(report('x'));
      expect(await box.flush()).toEqual({ sent: 0, refused: 0, waiting: 1 });
    }
    expect(isTransient(0) && isTransient(500) && !isTransient(409)).toBe(true);
  });

  it("leaves another user's items for them", async () => {
    const name = freshName();
    const server = idempotentServer();
    const alice = await Outbox.open({ name, send: server.send, user: 1 });
    server.setDown(true);
    await alice.add(report('alice'));
    await alice.flush();
    alice.db.close();
    server.setDown(false);
    const bob = await Outbox.open({ name, send: server.send, user: 2 });
    await bob.add(report('bob'));
    expect(await bob.flush()).toEqual({ sent: 1, refused: 0, waiting: 1 });
    expect(server.applied.map((b) => b.text)).toEqual(['bob']);
  });

  it('runs one flush at a time', async () => {
    let concurrent = 0;
    let most = 0;
    const send = async () => {
      concurrent += 1;
      most = Math.max(most, concurrent);
      await new Promise((r) => setTimeout(r, 5));
      concurrent -= 1;
      return { status: 200, body: {} };
    };
    const box = await Outbox.open({ name: freshName(), send, user: 7 });
    for (const t of ['a', 'b', 'c']) await box.add(report(t));
    const [x, y] = await Promise.all([box.flush(), box.flush()]);
    expect(x).toBe(y);
    expect(most).toBe(1);
    expect(x.sent).toBe(3);
  });

  it('keeps photo Blobs in the queue and sends them as multipart', async () => {
    const box = await Outbox.open({ name: freshName(), send: async () => ({ status: 201, body: {} }), user: 7 });
    const blob = new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' });
    await box.add({ kind: 'report', request: { url: '/api/events/1/reports/', form: { fields: { text: '现场' }, files: [{ field: 'files', blob, name: 'a.jpg' }] } } });
    const [stored] = await box.list();
    expect(stored.request.form.fields.client_id).toBe(stored.clientId);
    const init = buildInit(stored, { csrf: 't', language: 'zh-hans' });
    expect(init.body).toBeInstanceOf(FormData);
    expect(init.body.get('text')).toBe('现场');
    expect(init.body.get('client_id')).toBe(stored.clientId);
    expect(init.body.get('files').size).toBe(3);
    expect(init.headers['Content-Type']).toBeUndefined();
  });

  it('tells a person what the server said', () => {
    expect(messageOf({ status: 409, body: { detail: '太远' } })).toBe('太远');
    expect(messageOf({ status: 400, body: { message: '缺少 text' } })).toBe('缺少 text');
    expect(messageOf({ status: 502, body: null })).toBe('HTTP 502');
  });
});
