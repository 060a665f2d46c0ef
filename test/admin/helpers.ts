/**
 * The operator API as an operator's systems call it: real HTTP with `Authorization: Bearer`, and a
 * CPO node and an eMSP node that serve it, registered with each other (pushes travel the outbox).
 */
import { commandsOf } from '../../src/modules/commands/index.js';
import { chargingProfilesOf } from '../../src/modules/chargingprofiles/index.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import type { EvroamConfig, OwnPartyConfig } from '../../src/config/schema.js';
import { connectPush } from '../../src/push/index.js';
import type { Backend } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, startNode } from '../helpers/nodes.js';
import type { TestNode } from '../helpers/nodes.js';

export const ADMIN_TOKEN = 'operator-secret-for-tests-0123456789';

export interface AdminAnswer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface AdminRequest {
  body?: unknown;
  /** Sent as is (malformed JSON). */
  rawBody?: string;
  /** The whole Authorization header; null sends none. Default `Bearer <ADMIN_TOKEN>`. */
  authorization?: string | null;
}

/** One operator API request; `path` is below /admin/v1 unless it starts with /admin, /ocpi or /openapi. */
export async function admin(node: TestNode, method: string, path: string, request: AdminRequest = {}): Promise<AdminAnswer> {
  const headers: Record<string, string> = {};
  const authorization = request.authorization === undefined ? `Bearer ${ADMIN_TOKEN}` : request.authorization;
  if (authorization !== null) headers.Authorization = authorization;
  let body = request.rawBody;
  if (request.body !== undefined) body = JSON.stringify(request.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const url = `${node.baseUrl}${/^\/(admin|ocpi|openapi)\b/.test(path) ? '' : '/admin/v1'}${path}`;
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await response.text();
  let json: any;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A node serving the operator API (admin token configured). */
export function startAdminNode(backend: Backend, parties: OwnPartyConfig[], config: Partial<EvroamConfig> = {}): Promise<TestNode> {
  return startNode(backend, { parties, config: { admin: { token: ADMIN_TOKEN }, ...config } });
}

export interface OperatorPair {
  cpo: TestNode;
  emsp: TestNode;
  /** The CPO as the eMSP knows it. */
  cpoAtEmsp: Partner;
  /** The eMSP as the CPO knows it. */
  emspAtCpo: Partner;
  close(): Promise<void>;
}

/** A CPO node and an eMSP node, both serving the operator API, registered with each other. */
export async function startOperatorPair(backend: Backend, emspConfig: Partial<EvroamConfig> = {}): Promise<OperatorPair> {
  const cpo = await startAdminNode(backend, [CPO_PARTY]);
  const emsp = await startAdminNode(backend, [EMSP_PARTY], emspConfig);
  const { partner: invited, tokenA } = await cpo.node.partners.invite('the eMSP');
  const cpoAtEmsp = await emsp.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, tokenA);
  const emspAtCpo = (await cpo.node.partners.get(invited.id))!;
  // Own-object changes feed the outbox, as the node will itself once every suite lets it
  // (docs/push.md); connectPush subscribes once per node, so this stays right then.
  for (const node of [cpo, emsp]) connectPush(node.node.context);
  // Chargers get 1 s, the eMSP waits that plus a little before a local TIMEOUT.
  commandsOf(cpo.node.context).cpo.settings.timeoutMs = 400;
  chargingProfilesOf(cpo.node.context).cpo.settings.timeoutMs = 400;
  commandsOf(emsp.node.context).senderSettings.resultGraceMs = 300;
  chargingProfilesOf(emsp.node.context).senderSettings.resultGraceMs = 300;
  return {
    cpo,
    emsp,
    cpoAtEmsp,
    emspAtCpo,
    async close() {
      await emsp.close();
      await cpo.close();
    },
  };
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Polls GET `path` until its `state` is settled (not SENDING / AWAITING_RESULT). */
export async function settled(node: TestNode, path: string): Promise<any> {
  let last: AdminAnswer | undefined;
  await waitFor(`${path} settles`, async () => {
    last = await admin(node, 'GET', path);
    return last.status === 200 && !['SENDING', 'AWAITING_RESULT'].includes(last.json.state);
  });
  return last!.json;
}
