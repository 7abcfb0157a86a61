import { defineConfig } from 'tsdown';
import { neutral } from '../../tsdown.base.ts';

export default defineConfig({
  ...neutral,
  entry: ['src/index.ts', 'src/xml.ts', 'src/provider.ts'],
  // One file per module: with `sideEffects: false`, a bundler then drops whole modules a user does
  // not reach, and their imports with them (@date-fns/tz's TZDateMini cannot be dropped once loaded).
  unbundle: true,
});
