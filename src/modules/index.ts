/**
 * Every OCPI module this node can serve, in the order their routes are registered. The node
 * serves an interface only when it plays the interface's own role (CPO or EMSP).
 */
import type { OcpiModule } from './module.js';
import { locationsModule } from './locations/index.js';
import { tariffsModule } from './tariffs/index.js';
import { tokensModule } from './tokens/index.js';
import { sessionsModule } from './sessions/index.js';
import { cdrsModule } from './cdrs/index.js';
import { commandsModule } from './commands/index.js';
import { chargingProfilesModule } from './chargingprofiles/index.js';
import { hubClientInfoModule } from './hubclientinfo/index.js';

export const ocpiModules: OcpiModule[] = [
  locationsModule,
  tariffsModule,
  tokensModule,
  sessionsModule,
  cdrsModule,
  commandsModule,
  chargingProfilesModule,
  hubClientInfoModule,
];
