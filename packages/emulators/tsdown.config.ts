import { defineConfig } from 'tsdown';
import { node } from '../../tsdown.base.ts';

// Target es2022, not node20: the emulators also run in the runtimes matrix (Deno, Bun, workerd).
export default defineConfig({ ...node, entry: ['src/index.ts', 'src/cli.ts'], target: 'es2022' });
