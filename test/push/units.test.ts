/**
 * The outbox's pure decisions: backoff, what a failure means, who receives a change, which changes
 * a module may push (ROLE-02, ROLE-04), URL joining and object keys.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OcpiHttpError, OcpiStatusError, OcpiTransportError } from '../../src/client/errors.js';
import type { Partner } from '../../src/modules/credentials/partner.js';
import { backoffDelay } from '../../src/push/backoff.js';
import { checkChange, pushObjectKey } from '../../src/push/change.js';
import type { PushChange } from '../../src/push/change.js';
import { targetUrl } from '../../src/push/deliver.js';
import { classifyFailure } from '../../src/push/failure.js';
import { recipients } from '../../src/push/fanout.js';
import { cdrPush, sessionPush, tariffPush, tokenPush } from '../../src/push/sources.js';

const policy = { baseBackoffMs: 100, maxBackoffMs: 5000 };
const request = { method: 'PUT', url: 'http://p/x', requestId: 'r1', correlationId: 'c1' };
const envelope = (code: number) => ({ status_code: code, timestamp: '2024-01-01T00:00:00Z' });

describe('backoff', () => {
  test('full jitter: a random delay up to base·2^(failures−1)', () => {
    assert.equal(backoffDelay(policy, 1, undefined, () => 0), 0);
    assert.equal(backoffDelay(policy, 1, undefined, () => 0.5), 50);
    assert.equal(backoffDelay(policy, 4, undefined, () => 0.5), 400);
  });
  test('capped at maxBackoffMs however many failures', () => {
    assert.equal(backoffDelay(policy, 50, undefined, () => 0.999999), 4999);
    assert.equal(backoffDelay(policy, 5000, undefined, () => 0.5), 2500);
  });
  test('Retry-After is a floor, not a ceiling', () => {
    assert.equal(backoffDelay(policy, 1, 7000, () => 0.9), 7000);
    assert.equal(backoffDelay(policy, 10, 10, () => 0.5), 2500);
  });
});

describe('failure classification', () => {
  test('OCPI 2xxx (HTTP 200 or 4xx): the partner refused the content — dead at once', () => {
    const ok200 = new OcpiStatusError(request, { httpStatus: 200, headers: new Headers(), envelope: envelope(2001) });
    const bad400 = new OcpiStatusError(request, { httpStatus: 400, headers: new Headers(), envelope: envelope(2003) });
    assert.equal(classifyFailure(ok200).kind, 'refused');
    assert.equal(classifyFailure(bad400).kind, 'refused');
    assert.match(classifyFailure(ok200).message, /2001/);
  });
  test('OCPI 3xxx/4xxx, HTTP refusals and transport failures are retried; Retry-After carried', () => {
    const server = new OcpiStatusError(request, { httpStatus: 200, headers: new Headers(), envelope: envelope(3000) });
    const limited = new OcpiHttpError(request, { httpStatus: 429, headers: new Headers(), retryAfterMs: 3000 }, 'http-status', '');
    const refusedConnection = new OcpiTransportError(request, 'connection', 'ECONNREFUSED', new Error('refused'));
    assert.equal(classifyFailure(server).kind, 'retry');
    assert.deepEqual(
      { kind: classifyFailure(limited).kind, retryAfterMs: classifyFailure(limited).retryAfterMs, httpStatus: classifyFailure(limited).httpStatus },
      { kind: 'retry', retryAfterMs: 3000, httpStatus: 429 },
    );
    assert.equal(classifyFailure(refusedConnection).kind, 'retry');
    assert.equal(classifyFailure(new Error('no token')).kind, 'retry');
  });
});

function partner(id: string, overrides: Partial<Partner> = {}): Partner {
  return {
    id,
    name: id,
    status: 'REGISTERED',
    endpoints: [{ identifier: 'locations', role: 'RECEIVER', url: `http://${id}/locations` }],
    roles: [{ role: 'EMSP', country_code: 'de', party_id: 'abc', business_details: { name: id } }],
    tokenToPartner: 't',
    legacyPlainToken: false,
    createdAt: '',
    updatedAt: '',
    ...overrides,
  };
}

describe('fan-out', () => {
  const cpo = { role: 'CPO' as const, countryCode: 'NL', partyId: 'CPO' };

  test('only REGISTERED partners with the module RECEIVER endpoint; TO is their counterpart party, upper-cased', () => {
    const list = [
      partner('a'),
      partner('invited', { status: 'INVITED' }),
      partner('gone', { status: 'UNREGISTERED' }),
      partner('sender-only', { endpoints: [{ identifier: 'locations', role: 'SENDER', url: 'http://x' }] }),
      partner('tariffs-only', { endpoints: [{ identifier: 'tariffs', role: 'RECEIVER', url: 'http://x' }] }),
    ];
    assert.deepEqual(recipients(list, { module: 'locations', owner: cpo }), [{ partnerId: 'a', to: { countryCode: 'DE', partyId: 'ABC' } }]);
  });

  test('a dual-role partner is addressed in the counterpart role; a Hub when there is none; never the owner role', () => {
    const dual = partner('dual', {
      roles: [
        { role: 'CPO', country_code: 'DE', party_id: 'CCC', business_details: { name: 'c' } },
        { role: 'EMSP', country_code: 'DE', party_id: 'EEE', business_details: { name: 'e' } },
      ],
    });
    const hub = partner('hub', { roles: [{ role: 'HUB', country_code: 'NL', party_id: 'HUB', business_details: { name: 'h' } }] });
    const cpoOnly = partner('cpo-only', { roles: [{ role: 'CPO', country_code: 'DE', party_id: 'CCC', business_details: { name: 'c' } }] });
    assert.deepEqual(
      recipients([dual, hub, cpoOnly], { module: 'locations', owner: cpo }).map((r) => `${r.partnerId}:${r.to.partyId}`),
      ['dual:EEE', 'hub:HUB'],
    );
    const tokens = { ...dual, endpoints: [{ identifier: 'tokens', role: 'RECEIVER' as const, url: 'http://x' }] };
    assert.deepEqual(
      recipients([tokens], { module: 'tokens', owner: { role: 'EMSP', countryCode: 'NL', partyId: 'MSP' } }).map((r) => r.to.partyId),
      ['CCC'],
      'ROLE-04: Tokens go to the CPO party',
    );
  });

  test('SES-07/CDR-06: a Session or CDR goes only to the partner that registered the token owner, addressed to it', () => {
    const sessions = [{ identifier: 'sessions', role: 'RECEIVER' as const, url: 'http://x' }];
    const owner = partner('owner', {
      endpoints: sessions,
      roles: [
        { role: 'EMSP', country_code: 'DE', party_id: 'AAA', business_details: { name: 'a' } },
        { role: 'EMSP', country_code: 'DE', party_id: 'BBB', business_details: { name: 'b' } },
      ],
    });
    const other = partner('other', { endpoints: sessions });
    const routed = recipients([other, owner], { module: 'sessions', owner: cpo, recipient: { countryCode: 'de', partyId: 'bbb' } });
    assert.deepEqual(routed, [{ partnerId: 'owner', to: { countryCode: 'DE', partyId: 'BBB' } }]);
  });
});

describe('changes a module may push (ROLE-02, ROLE-04)', () => {
  const base: PushChange = {
    module: 'locations',
    method: 'PUT',
    path: '/NL/CPO/L1',
    body: {},
    objectKey: 'locations/NL/CPO/L1',
    owner: { role: 'CPO', countryCode: 'NL', partyId: 'CPO' },
  };
  test('accepted: the requests of each module', () => {
    for (const change of [
      base,
      { ...base, method: 'PATCH' as const },
      { ...base, module: 'cdrs' as const, method: 'POST' as const, path: '', recipient: { countryCode: 'DE', partyId: 'MSP' } },
      { ...base, module: 'sessions' as const, method: 'PATCH' as const, recipient: { countryCode: 'DE', partyId: 'MSP' } },
      { ...base, module: 'tariffs' as const, method: 'DELETE' as const, body: undefined },
      { ...base, module: 'tokens' as const, method: 'PATCH' as const },
    ]) {
      const { body, ...rest } = change;
      assert.doesNotThrow(() => checkChange(body === undefined ? rest : change), JSON.stringify(change));
    }
  });
  test('refused: a method the receiver does not take, a broadcast Session or CDR, a DELETE with a body, a PUT without, a relative path', () => {
    assert.throws(() => checkChange({ ...base, method: 'DELETE' }), /locations receivers take PUT\/PATCH/);
    assert.throws(() => checkChange({ ...base, module: 'cdrs', method: 'PUT' }), /cdrs receivers take POST/);
    assert.throws(() => checkChange({ ...base, module: 'sessions' }), /token's eMSP only .*set recipient/);
    assert.throws(() => checkChange({ ...base, module: 'cdrs', method: 'POST', path: '' }), /token's eMSP only/);
    const { body: _body, ...noBody } = base;
    assert.throws(() => checkChange(noBody), /PUT needs a body/);
    assert.throws(() => checkChange({ ...base, module: 'tariffs', method: 'DELETE' }), /DELETE takes no body/);
    assert.throws(() => checkChange({ ...base, path: 'NL/CPO/L1' }), /must be empty or start with/);
    assert.throws(() => checkChange({ ...base, module: 'commands' as never }), /not pushed/);
  });
});

test('the partner endpoint and the row path join with exactly one slash', () => {
  assert.equal(targetUrl('http://p/ocpi/emsp/2.2.1/locations', '/NL/CPO/L1'), 'http://p/ocpi/emsp/2.2.1/locations/NL/CPO/L1');
  assert.equal(targetUrl('http://p/ocpi/emsp/2.2.1/locations/', '/NL/CPO/L1'), 'http://p/ocpi/emsp/2.2.1/locations/NL/CPO/L1');
  assert.equal(targetUrl('http://p/ocpi/emsp/2.2.1/cdrs/', ''), 'http://p/ocpi/emsp/2.2.1/cdrs');
});

test('PIT-21: object keys ignore the case of CiString ids', () => {
  assert.equal(pushObjectKey('locations', 'nl', 'cpo', 'loc1'), pushObjectKey('locations', 'NL', 'CPO', 'LOC1'));
  assert.equal(pushObjectKey('tokens', 'de', 'msp', '0123/RFID'), 'tokens/DE/MSP/0123/RFID');
});

describe('module change events as pushes', () => {
  const cdrToken = { country_code: 'DE', party_id: 'MSP', uid: 'U1', type: 'RFID' as const, contract_id: 'C1' };

  test('CDR-06: a CDR is POSTed to the endpoint itself, to its token eMSP only', () => {
    const push = cdrPush({ method: 'POST', object: { country_code: 'NL', party_id: 'CPO', id: 'cdr 1', cdr_token: cdrToken } });
    assert.equal(push.path, '');
    assert.equal(push.objectKey, 'cdrs/NL/CPO/CDR 1');
    assert.deepEqual(push.recipient, { countryCode: 'DE', partyId: 'MSP' });
    assert.doesNotThrow(() => checkChange(push));
  });

  test('a Tariff DELETE carries no body; a PUT the whole tariff', () => {
    const tariff = { country_code: 'NL', party_id: 'CPO', id: 'T1' } as Parameters<typeof tariffPush>[0]['tariff'];
    const deleted = tariffPush({ method: 'DELETE', tariff, path: '/NL/CPO/T1' });
    assert.equal('body' in deleted, false);
    assert.doesNotThrow(() => checkChange(deleted));
    assert.equal(tariffPush({ method: 'PUT', tariff, path: '/NL/CPO/T1' }).body, tariff);
  });

  test('PIT-17: a Token is addressed with its type; Tokens and Sessions are never DELETEd at receivers', () => {
    const token = { country_code: 'DE', party_id: 'MSP', uid: 'A B', type: 'APP_USER' } as Parameters<typeof tokenPush>[0]['object'];
    const put = tokenPush({ method: 'PUT', object: token, before: undefined })!;
    assert.equal(put.path, '/DE/MSP/A%20B?type=APP_USER');
    assert.equal(put.objectKey, 'tokens/DE/MSP/A B/APP_USER');
    const patch = tokenPush({ method: 'PATCH', object: token, before: token, patch: { valid: false } })!;
    assert.deepEqual(patch.body, { valid: false });
    assert.equal(tokenPush({ method: 'DELETE', object: token, before: token }), undefined);
    const s = { country_code: 'NL', party_id: 'CPO', id: 'S1', cdr_token: cdrToken } as Parameters<typeof sessionPush>[0]['object'];
    assert.equal(sessionPush({ method: 'DELETE', object: s, before: s }), undefined);
    assert.deepEqual(sessionPush({ method: 'PUT', object: s, before: undefined })!.recipient, { countryCode: 'DE', partyId: 'MSP' });
  });
});
