// Runs before `npm start` and `npm test`: on a fresh clone (no node_modules yet), installs exactly
// what the lock file pins (npm ci), so the README's two commands are the whole set-up. An existing
// install is left alone: reinstalling under running processes would pull the floor from under them.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('node_modules/.package-lock.json')) {
  console.error('evroam: installing dependencies from package-lock.json (npm ci) …');
  const result = spawnSync('npm', ['ci', '--no-fund', '--no-audit'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
