import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/xml.ts'],
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  sourcemap: false,
  clean: true,
  // One file per module: with `sideEffects: false`, a bundler then drops whole modules a user does
  // not reach, and their imports with them (@date-fns/tz's TZDateMini cannot be dropped once loaded).
  unbundle: true,
});
