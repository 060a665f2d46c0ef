import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../../src/config/load.js';

function file(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'evroam-config-')), 'evroam.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('configuration', () => {
  test('the embedded defaults need no file and no environment', () => {
    const config = loadConfig({ env: {} });
    assert.equal(config.database.sqliteFile, './data/evroam.db');
    assert.equal(config.parties.length, 2);
  });

  test('environment overrides the file; a PostgreSQL URL replaces the SQLite default', () => {
    const path = file({ publicUrl: 'https://ocpi.example.com', parties: [{ role: 'CPO', country_code: 'NL', party_id: 'ABC', business_details: { name: 'A' } }] });
    const config = loadConfig({ file: path, env: { EVROAM_PORT: '9000', EVROAM_DATABASE_URL: 'postgres://db/evroam' } });
    assert.equal(config.publicUrl, 'https://ocpi.example.com');
    assert.equal(config.listen.port, 9000);
    assert.equal(config.database.url, 'postgres://db/evroam');
    assert.equal(config.database.sqliteFile, undefined);
    assert.equal(config.parties[0]!.party_id, 'ABC');
  });

  test('every mistake is reported with the path of the setting, before anything starts', () => {
    const path = file({ publicUrl: 'ftp://x', parties: [{ role: 'HUB', country_code: 'NLD', party_id: 'AB', business_details: { name: '' } }] });
    try {
      loadConfig({ file: path, env: { EVROAM_PORT: 'eighty' } });
      assert.fail('should have thrown');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const text = error.problems.join('\n');
      for (const expected of ['EVROAM_PORT', 'publicUrl', 'parties.0.role', 'parties.0.country_code', 'parties.0.party_id', 'parties.0.business_details.name']) {
        assert.ok(text.includes(expected), `${expected} in:\n${text}`);
      }
    }
  });

  test('duplicate own parties and unreadable files are refused', () => {
    const party = { role: 'CPO', country_code: 'NL', party_id: 'ABC', business_details: { name: 'A' } };
    assert.throws(() => loadConfig({ file: file({ parties: [party, { ...party, party_id: 'abc' }] }), env: {} }), /duplicate party CPO\/NL\/ABC/);
    assert.throws(() => loadConfig({ file: file('{ not json'), env: {} }), ConfigError);
    assert.throws(() => loadConfig({ file: '/nonexistent/evroam.json', env: {} }), ConfigError);
  });

  test('responseUrls.extraOrigins: from the file or a comma-separated environment variable; each must be an origin', () => {
    const path = file({ responseUrls: { extraOrigins: ['https://results.example.com'] } });
    assert.deepEqual(loadConfig({ file: path, env: {} }).responseUrls?.extraOrigins, ['https://results.example.com']);
    const fromEnv = loadConfig({ file: path, env: { EVROAM_RESPONSE_URL_EXTRA_ORIGINS: 'https://a.example, http://b.example:8080' } });
    assert.deepEqual(fromEnv.responseUrls?.extraOrigins, ['https://a.example', 'http://b.example:8080']);
    for (const bad of ['https://results.example.com/path', 'ftp://results.example.com', 'http://host:99999']) {
      assert.throws(() => loadConfig({ file: file({ responseUrls: { extraOrigins: ['https://ok.example', bad] } }), env: {} }), /responseUrls\.extraOrigins\.1/, bad);
    }
  });
});
