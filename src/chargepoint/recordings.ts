/**
 * The charging recorder's recordings, kept in the database so that a node restarted mid-session
 * still publishes the session's COMPLETED Session and CDR when the charger reports its end. The
 * recorder writes a recording when the transaction starts, when a meter reading is kept and when
 * progress is published — never per meter value — and deletes it once the transaction is done.
 */
import type { Kysely } from 'kysely';
import type { MeterValue } from '../modules/tariffs/pricing/index.js';
import type { Database } from '../storage/tables.js';
import type { ChargingPlace, Progress } from './charging-objects.js';
import type { TransactionStarted } from './port.js';

/** A transaction being recorded: where it runs, the readings pricing needs, what partners saw last. */
export interface Recording {
  started: TransactionStarted;
  place: ChargingPlace;
  key: { countryCode: string; partyId: string; id: string };
  readings: MeterValue[];
  /** The newest reading, kept or not (not stored: after a restart it is the last one kept). */
  latest: MeterValue;
  published: Progress;
}

export class RecordingStore {
  constructor(private readonly db: Kysely<Database>) {}

  async save(recording: Recording, now: Date): Promise<void> {
    const { key } = recording;
    const values = {
      readings: JSON.stringify(recording.readings),
      published: JSON.stringify(recording.published),
      updated_at: now.toISOString(),
    };
    await this.db
      .insertInto('charging_recordings')
      .values({
        session_id: recordingId(recording.started.sessionId),
        country_code: key.countryCode,
        party_id: key.partyId,
        id: key.id,
        started: JSON.stringify(recording.started),
        place: JSON.stringify(recording.place),
        ...values,
      })
      .onConflict((oc) => oc.column('session_id').doUpdateSet(values))
      .execute();
  }

  async delete(sessionId: string): Promise<void> {
    await this.db.deleteFrom('charging_recordings').where('session_id', '=', recordingId(sessionId)).execute();
  }

  async all(): Promise<Recording[]> {
    const rows = await this.db.selectFrom('charging_recordings').selectAll().orderBy('session_id').execute();
    return rows.map((row) => {
      const started = JSON.parse(row.started) as Omit<TransactionStarted, 'startedAt'> & { startedAt: string };
      const published = JSON.parse(row.published) as { at: string; kwh: number };
      const readings = JSON.parse(row.readings) as MeterValue[];
      return {
        started: { ...started, startedAt: new Date(started.startedAt) },
        place: JSON.parse(row.place) as ChargingPlace,
        key: { countryCode: row.country_code, partyId: row.party_id, id: row.id },
        readings,
        latest: readings[readings.length - 1]!,
        published: { at: new Date(published.at), kwh: published.kwh },
      };
    });
  }
}

/** One transaction, whatever the case of its id (session ids are CiStrings). */
export function recordingId(sessionId: string): string {
  return sessionId.toUpperCase();
}
