/** The Locations library's input schemas: the model's, with last_updated optional at every level. */
import { lastUpdatedOptional } from '../shared/inputs.js';
import { Connector, ConnectorPatch, EVSE, EVSEPatch, Location, LocationPatch } from './schema.js';

export const LocationInputSchema = lastUpdatedOptional(Location);
export const LocationFieldsSchema = lastUpdatedOptional(LocationPatch);
export const EvseInputSchema = lastUpdatedOptional(EVSE);
export const EvseFieldsSchema = lastUpdatedOptional(EVSEPatch);
export const ConnectorInputSchema = lastUpdatedOptional(Connector);
export const ConnectorFieldsSchema = lastUpdatedOptional(ConnectorPatch);
