import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  dts: true,
  sourcemap: false,
  clean: true,
  // Emit .js/.d.ts (not .mjs) so the files match package.json's exports and bin.
  fixedExtension: false,
});
