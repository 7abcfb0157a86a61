import { defineConfig } from 'tsdown';
import { node } from '../../tsdown.base.ts';

export default defineConfig({ ...node, entry: ['src/index.ts', 'src/cli.ts'] });
