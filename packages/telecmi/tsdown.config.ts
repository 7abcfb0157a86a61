import { defineConfig } from 'tsdown';
import { neutral } from '../../tsdown.base.ts';

export default defineConfig({ ...neutral, entry: ['src/index.ts'] });
