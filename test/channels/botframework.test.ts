import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatChannel } from '../../adapters/channels/contract.ts';
import { createMemoryReferences } from '../../adapters/channels/references.ts';
import { BOTFRAMEWORK_PATH, createBotFrameworkChannel, type BotFrameworkChannelOptions } from '../../adapters/botframework/channel.ts';
import { createFakeAssistant, eventually, pause, type FakeAssistant } from '../helpers/fake-assistant.ts';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.ts';
import { listen, type RunningServer } from '../helpers/fake-server.ts';
import { post, runAdapterContract, type ContractRequest } from './adapter-contract.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../../shared/datasets/botframework-activity/agents/specs/activity/schema/validator/examples/json');

interface Rig {
  connector: FakeConnector;
  app: RunningServer;
  channel: ChatChannel;
  assistant: FakeAssistant;
  close(): Promise<void>;
}

async function startRig(
  credentials: Partial<BotFrameworkChannelOptions> = { allowUnauthenticated: true },
  shared: { assistant?: FakeAssistant; connector?: FakeConnector } = {},
): Promise<Rig> {
  const connector = shared.connector ?? (await startFakeConnector());
  const assistant = shared.assistant ?? createFakeAssistant();
  const channel = createBotFrameworkChannel({ assistant, references: createMemoryReferences(), rateLimitPerMinute: 30, defaultLang: 'en', ...credentials });
  const server = express();
  server.use(channel.router!);
  const app = await listen(server);
  return {
    connector, app, channel, assistant,
    async close() {
      await app.close();
      await connector.close();
    },
  };
}

function activityRequest(serviceUrl: string, activity: Record<string, unknown>, headers: Record<string, string> = {}): ContractRequest {
  return { path: BOTFRAMEWORK_PATH, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ...activity, serviceUrl }) };
}

function textActivity(text: string, id: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message', id, channelId: 'emulator', text, locale: 'fr-FR',
    from: { id: 'user-1', name: 'Visitor' }, recipient: { id: 'bot-1' }, conversation: { id: 'conv-1' },
    timestamp: '2025-06-01T08:00:00.000Z', someFutureField: { x: 1 }, ...extra,
  };
}

runAdapterContract('botframework', async () => {
  // Unauthenticated mode has no signature to forge, so forged requests go to a twin configured
  // with credentials, sharing the same fake core and connector.
  const rig = await startRig();
  const secured = await startRig(
    { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'not-a-real-password' },
    { assistant: rig.assistant, connector: rig.connector },
  );
  return {
    baseUrl: rig.app.url,
    assistant: rig.assistant,
    delivered: () => rig.connector.posts.map((p) => ({ conversationId: p.conversationId, text: String(p.activity['text']) })),
    textRequest: (text, id) => activityRequest(rig.connector.url, textActivity(text, id)),
    forge: (request) => ({ ...request, baseUrl: secured.app.url, headers: { ...request.headers, authorization: 'Bearer forged.token.value' } }),
    malformed: () => ({ path: BOTFRAMEWORK_PATH, headers: { 'content-type': 'application/json' }, body: '{"type": "message", ' }),
    expected: { channel: 'botframework', conversationId: 'conv-1', userId: 'user-1' },
    notifier: rig.channel.notifier,
    close: async () => {
      await secured.app.close();
      await rig.close();
    },
  };
});

describe('botframework specifics', () => {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it('refuses every request when no credentials are set and unauthenticated mode is off', async () => {
    rig = await startRig({});
    const response = await post(rig.app.url, activityRequest(rig.connector.url, textActivity('hi', 'a1')));
    expect(response.status).toBe(401);
    await pause(100);
    expect(rig.assistant.calls).toHaveLength(0);
    expect(rig.connector.posts).toHaveLength(0);
  });

  it('with credentials, refuses a request without a token or with a forged one', async () => {
    rig = await startRig({ appId: '00000000-0000-0000-0000-000000000001', appPassword: 'not-a-real-password' });
    const request = activityRequest(rig.connector.url, textActivity('hi', 'a2'));
    expect([401, 403]).toContain((await post(rig.app.url, request)).status);
    const forged = await post(rig.app.url, { ...request, headers: { ...request.headers, authorization: 'Bearer not.a.jwt' } });
    expect([401, 403]).toContain(forged.status);
    expect(rig.assistant.calls).toHaveLength(0);
  });

  it('answers 503 without internal text when the signing keys cannot be fetched, 401 for a token it can judge', async () => {
    // A port that was just free: nothing listens there, so fetching the key metadata fails.
    const closed = await listen(express());
    await closed.close();
    const appId = '00000000-0000-0000-0000-000000000001';
    rig = await startRig({ appId, appPassword: 'not-a-real-password', openIdMetadataUrl: `${closed.url}/v1/.well-known/openidconfiguration` });
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: appId, exp: Math.floor(Date.now() / 1000) + 600, nbf: Math.floor(Date.now() / 1000) - 60 })}.${Buffer.from('sig').toString('base64url')}`;
    const request = activityRequest(rig.connector.url, textActivity('hi', 'm1'), { authorization: `Bearer ${token}` });
    const unreachable = await post(rig.app.url, request);
    expect(unreachable.status).toBe(503);
    expect(unreachable.headers.get('retry-after')).toBe('30');
    expect(await unreachable.json()).toEqual({ error: 'unavailable', reason: 'the sender cannot be verified right now; try again later' });
    const garbage = await post(rig.app.url, { ...request, headers: { ...request.headers, authorization: 'Bearer not.a.jwt' } });
    expect(garbage.status).toBe(401);
    expect(await garbage.json()).toEqual({ error: 'unauthorized', reason: 'the bearer token was not accepted' });
    expect(rig.assistant.calls).toHaveLength(0);
  });

  // The recorded activities are third-party data read from ../shared; a clone without it skips these.
  it.skipIf(!existsSync(EXAMPLES))('replays the recorded message activities and answers at the connector (skipped without ../shared/datasets/botframework-activity)', async () => {
    rig = await startRig();
    for (const file of ['01-message.json', '15-simple-message.json']) {
      const activity = JSON.parse(await readFile(resolve(EXAMPLES, file), 'utf8')) as Record<string, unknown>;
      expect((await post(rig.app.url, activityRequest(rig.connector.url, activity))).status).toBe(200);
    }
    await eventually(() => rig!.connector.posts.length === 2);
    expect(rig.assistant.calls[0]).toMatchObject({ conversationId: 'conv-1', userId: 'user-id-1', text: 'Hello, I need help with my order.', localeHint: 'en-US' });
    expect(rig.assistant.calls[1]).toMatchObject({ conversationId: 'conv1', userId: 'user1', text: 'Hello, world!' });
    expect(rig.connector.posts[0]).toMatchObject({ conversationId: 'conv-1', replyToId: 'message-activity-1' });
  });

  it.skipIf(!existsSync(EXAMPLES))('ignores non-message activities from the recorded set (skipped without ../shared/datasets/botframework-activity)', async () => {
    rig = await startRig();
    for (const file of ['03-conversationUpdate.json', '04-typing.json', '06-event.json']) {
      const activity = JSON.parse(await readFile(resolve(EXAMPLES, file), 'utf8')) as Record<string, unknown>;
      expect((await post(rig.app.url, activityRequest(rig.connector.url, activity))).status).toBeLessThan(300);
    }
    await pause(100);
    expect(rig.assistant.calls).toHaveLength(0);
  });

  it('replays the project’s own recorded activities: messages reach the core and the connector, the rest is tolerated', async () => {
    rig = await startRig();
    const fixtures = JSON.parse(await readFile(resolve(import.meta.dirname, '../fixtures/payloads/botframework-activities.json'), 'utf8')) as { label: string; activity: Record<string, unknown> }[];
    for (const { label, activity } of fixtures) expect((await post(rig.app.url, activityRequest(rig.connector.url, activity))).status, label).toBeLessThan(300);
    await eventually(() => rig!.connector.posts.length === 2);
    await pause(100);
    expect(rig.assistant.calls).toHaveLength(2);
    expect(rig.assistant.calls[0]).toMatchObject({ conversationId: 'conv-a', userId: 'visitor-1', text: 'When does the Imperial City open?', localeHint: 'en-GB' });
    expect(rig.assistant.calls[1]).toMatchObject({ conversationId: 'conv-b', userId: 'visitor-2', text: 'xin chào' });
    expect(rig.connector.posts.find((p) => p.conversationId === 'conv-a')).toMatchObject({ replyToId: 'act-1' });
  });

  it('renders quick replies as suggestedActions and reads a tap back as a postback', async () => {
    rig = await startRig();
    await post(rig.app.url, activityRequest(rig.connector.url, textActivity('menu', 'q1')));
    await eventually(() => rig!.connector.posts.length === 1);
    const suggested = rig.connector.posts[0]!.activity['suggestedActions'] as { actions: { type: string; title: string; value: string }[] };
    expect(suggested.actions[1]).toEqual({ type: 'imBack', title: 'Report a problem', value: 'Report a problem' });
    await post(rig.app.url, activityRequest(rig.connector.url, textActivity('Report a problem', 'q2')));
    await post(rig.app.url, activityRequest(rig.connector.url, textActivity('', 'q3', { value: { postback: 'faq:hours' } })));
    await eventually(() => rig!.assistant.calls.length === 3);
    expect(rig.assistant.calls[1]).toMatchObject({ postback: 'intent:complaint' });
    expect(rig.assistant.calls[2]).toMatchObject({ postback: 'faq:hours' });
  });

  it('reads location entities and image attachments', async () => {
    rig = await startRig();
    await post(rig.app.url, activityRequest(rig.connector.url, textActivity('here', 'l1', { entities: [{ type: 'GeoCoordinates', latitude: 16.47, longitude: 107.58 }] })));
    await post(rig.app.url, activityRequest(rig.connector.url, textActivity('', 'l2', { entities: [{ type: 'Place', geo: { latitude: 16.46, longitude: 107.59 } }] })));
    await post(rig.app.url, activityRequest(rig.connector.url, textActivity('photo', 'l3', { attachments: [{ contentType: 'image/png', contentUrl: 'https://example.org/p.png' }] })));
    await eventually(() => rig!.assistant.calls.length === 3);
    expect(rig.assistant.calls[0]).toMatchObject({ location: { lat: 16.47, lng: 107.58 }, localeHint: 'fr-FR' });
    expect(rig.assistant.calls[1]).toMatchObject({ location: { lat: 16.46, lng: 107.59 } });
    expect(rig.assistant.calls[2]).toMatchObject({ attachments: [{ kind: 'image', ref: 'https://example.org/p.png', contentType: 'image/png' }] });
  });

  it('refuses a proactive notice for an unknown conversation with PermanentDeliveryError', async () => {
    rig = await startRig();
    await expect(rig.channel.notifier.send({ channel: 'botframework', conversationId: 'nobody', userId: 'x', text: 't', quickReplies: [] })).rejects.toMatchObject({
      name: 'PermanentDeliveryError',
    });
  });
});
