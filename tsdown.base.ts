/**
 * The build every package shares: ESM, declarations, no source maps, a clean dist. A package's
 * tsdown.config.ts names its entries and what differs (Node-only packages, core's one file
 * per module).
 */
import type { UserConfig } from 'tsdown';

/** For packages that run everywhere (core and the providers). */
export const neutral = {
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: false,
  clean: true,
} satisfies UserConfig;

/** For Node-only packages (CLI, sync, emulators): `.js` files, as their exports and bins name them. */
export const node = {
  ...neutral,
  platform: 'node',
  target: 'node20',
  fixedExtension: false,
} satisfies UserConfig;
