/** Which response_urls a partner may hand this node (PROJECT, against SSRF; CMD-04, CP-01..CP-03), without I/O. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { responseUrlProblem } from '../../src/modules/shared/response-url.js';

const partner = {
  versionsUrl: 'https://ocpi.msp.example/versions',
  // An endpoint on another host than the versions URL, and one on a non-default port.
  endpoints: [
    { identifier: 'commands', role: 'SENDER' as const, url: 'https://results.msp.example/ocpi/emsp/2.2.1/commands' },
    { identifier: 'chargingprofiles', role: 'SENDER' as const, url: 'http://cp.msp.example:8080/ocpi/2.2.1/chargingprofiles' },
  ],
};

describe('response_url origins', () => {
  test('any origin the partner registered: its versions URL and every endpoint, whatever the path', () => {
    for (const url of [
      'https://ocpi.msp.example/anything/else?x=1',
      'https://results.msp.example/r/1',
      'http://cp.msp.example:8080/r/1',
      // Host case and an explicit default port do not make another origin.
      'https://OCPI.MSP.example:443/r/1',
    ]) {
      assert.equal(responseUrlProblem(url, partner), undefined, url);
    }
  });

  test('another host, port or scheme is another origin', () => {
    for (const url of [
      'https://evil.example/r/1',
      'http://ocpi.msp.example/r/1',
      'https://ocpi.msp.example:8443/r/1',
      'http://cp.msp.example/r/1',
      'https://ocpi.msp.example.evil.example/r/1',
      'http://127.0.0.1/r/1',
    ]) {
      assert.match(responseUrlProblem(url, partner) ?? '', /origin the partner registered/, url);
    }
  });

  test('only http(s), without user information, and absolute', () => {
    assert.match(responseUrlProblem('ftp://ocpi.msp.example/r', partner) ?? '', /http or https/);
    assert.match(responseUrlProblem('javascript:alert(1)', partner) ?? '', /http or https/);
    assert.match(responseUrlProblem('https://ocpi.msp.example@evil.example/r', partner) ?? '', /user information/);
    assert.match(responseUrlProblem('/r/1', partner) ?? '', /absolute URL/);
  });

  test('extra origins the operator allows; a partner that registered nothing has only those', () => {
    assert.equal(responseUrlProblem('https://hub.example:9443/r/1', partner, ['https://hub.example:9443']), undefined);
    assert.ok(responseUrlProblem('https://hub.example/r/1', partner, ['https://hub.example:9443']));
    const bare = { endpoints: [] };
    assert.ok(responseUrlProblem('https://ocpi.msp.example/r', bare));
    assert.equal(responseUrlProblem('https://hub.example/r', bare, ['https://hub.example/']), undefined);
  });
});
