/**
 * The spec's own JSON examples (ocpi/ocpi, branch release-2.2.1-bugfixes, folder examples/)
 * validated against the model. Read straight from a git copy of the spec; skipped when none is
 * available (set OCPI_SPEC_GIT_DIR to point at one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { validate } from '../../src/core/validation.js';
import * as M from '../../src/model.js';

const GIT_DIR = process.env.OCPI_SPEC_GIT_DIR ?? '/work/.mirror/ocpi+ocpi/repo';
const REF = 'release-2.2.1-bugfixes';
const available = existsSync(GIT_DIR);
const skip = available ? false : `no OCPI spec git copy at ${GIT_DIR}`;

function git(args: string[]): string {
  return execFileSync('git', [`--git-dir=${GIT_DIR}`, ...args], { encoding: 'utf8' });
}
function example(name: string): unknown {
  return JSON.parse(git(['show', `${REF}:examples/${name}`]));
}
const envelopeOf = (data: TSchema) => Type.Object({ data, status_code: Type.Integer(), timestamp: M.DateTime });

/** Example file → the schema it must satisfy. */
const VALID: Record<string, TSchema> = {
  'cdr_example.json': M.CDR,
  'credentials_example.json': M.Credentials,
  'credentials_example2.json': M.Credentials,
  'credentials_example3.json': M.Credentials,
  'credentials_example4.json': M.Credentials,
  'location_energymix_example_complete.json': Type.Object({ energy_mix: M.EnergyMix }),
  'location_energymix_example_energy_provider.json': Type.Object({ energy_mix: M.EnergyMix }),
  'location_energymix_example_simple.json': Type.Object({ energy_mix: M.EnergyMix }),
  'location_example.json': M.Location,
  'location_example_parking_garage_opening_hours.json': M.Location,
  'location_example_uc2_destination_charger.json': M.Location,
  'location_example_uc3_destination_charger_not_published.json': M.Location,
  'location_example_uc4_limited_visibility.json': M.Location,
  'location_example_uc5_home_charge_point.json': M.Location,
  'location_hours_247_open_exception_closing.json': M.Hours,
  'location_hours_opening_hours_with_exceptional_closing.json': M.Hours,
  'location_hours_opening_hours_with_exceptional_opening.json': M.Hours,
  'location_patch_example_location.json': M.LocationPatch,
  'location_patch_example_remove_evse.json': M.EVSEPatch,
  'location_patch_example_status.json': M.EVSEPatch,
  'location_patch_example_tariff.json': M.ConnectorPatch,
  'location_regularhours_example.json': Type.Object({ opening_times: M.Hours }),
  'session_example_1_simple_start.json': M.Session,
  'session_example_2_short_finished.json': M.Session,
  'session_patch_example_charging_period.json': M.SessionPatch,
  'session_patch_example_total_cost.json': M.SessionPatch,
  'tariff_10_025kwh_parking_start.json': M.Tariff,
  'tariff_11_not_possible_alt_text.json': M.Tariff,
  'tariff_12_025kwh_min_price.json': M.Tariff,
  'tariff_13_simple_3hour_5parking.json': M.Tariff,
  'tariff_14_step_size.json': M.Tariff,
  'tariff_15_reservation_5_euro_per_hour.json': M.Tariff,
  'tariff_16_reservation_2_euro_fee_5_euro_per_hour.json': M.Tariff,
  'tariff_17_reservation_with_expire_fee.json': M.Tariff,
  'tariff_18_reservation_with_expire_time.json': M.Tariff,
  'tariff_1_simple_2hour.json': M.Tariff,
  'tariff_2_alt_text.json': M.Tariff,
  'tariff_3_alt_url.json': M.Tariff,
  'tariff_4_complex.json': M.Tariff,
  'tariff_5_free_of_charge.json': M.Tariff,
  'tariff_6_025kwh_start_max_price.json': M.Tariff,
  'tariff_8_simple_025kwh.json': M.Tariff,
  'tariff_9_025kwh_start.json': M.Tariff,
  'tariffrestriction_example_max_duration.json': M.Tariff,
  'tariffrestriction_example_max_power.json': M.Tariff,
  'token_example_1_app_user.json': M.Token,
  'token_example_2_full_rfid.json': M.Token,
  'token_patch_example.json': M.TokenPatch,
  'token_put_example.json': M.Token,
  'transport_and_format_get_token_example.json': envelopeOf(M.Token),
  'transport_and_format_get_token_list_example.json': envelopeOf(Type.Array(M.Token)),
  'transport_and_format_version_details_example.json': envelopeOf(M.VersionDetails),
  'transport_and_format_version_info_example.json': envelopeOf(M.VersionList),
  'type_displaytext_example.json': M.DisplayText,
  'version_details_example.json': M.VersionDetails,
  'version_details_example2.json': M.VersionDetails,
  'versions_info_example.json': M.VersionList,
};

/** Examples that are wrong in the spec itself (PIT-22): they must fail, with these errors. */
const INVALID: Record<string, { schema: TSchema; errors: { path: string; message: RegExp }[] }> = {
  'tariff_put_example.json': { schema: M.Tariff, errors: [{ path: 'last_updated', message: /^is required$/ }] },
  'location_put_example_add_evse.json': {
    schema: M.EVSE,
    errors: [
      { path: 'connectors[0].power_type', message: /^is required$/ },
      { path: 'connectors[0].max_voltage', message: /^is required$/ },
      { path: 'connectors[0].max_amperage', message: /^is required$/ },
      { path: 'connectors[0].last_updated', message: /^is required$/ },
      { path: 'physical_reference', message: /^must be a string/ },
    ],
  },
};

test('TYP-10 every JSON example in the spec is covered by this test', { skip }, () => {
  const files = git(['ls-tree', '-r', '--name-only', REF, 'examples/'])
    .split('\n')
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice('examples/'.length));
  const covered = new Set([...Object.keys(VALID), ...Object.keys(INVALID)]);
  assert.deepEqual(
    files.filter((f) => !covered.has(f)),
    [],
  );
});

for (const [file, schema] of Object.entries(VALID)) {
  test(`spec example ${file} validates`, { skip }, () => {
    const result = validate(schema, example(file));
    assert.deepEqual(result.ok ? [] : result.errors, []);
  });
}

for (const [file, { schema, errors }] of Object.entries(INVALID)) {
  test(`PIT-22 spec example ${file} is rightly refused`, { skip }, () => {
    const result = validate(schema, example(file));
    assert.equal(result.ok, false);
    const got = result.ok ? [] : result.errors;
    assert.equal(got.length, errors.length, JSON.stringify(got));
    errors.forEach((e, i) => {
      assert.equal(got[i]?.path, e.path);
      assert.match(got[i]!.message, e.message);
    });
  });
}
