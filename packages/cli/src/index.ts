/**
 * `@cdrkit/cli`: the `cdrkit` command, and its export loop for programs that want it.
 * @module
 */
export {
  CALL_RECORD_COLUMNS,
  type ExportOptions,
  type ExportProgress,
  type ExportSummary,
  runExport,
} from './export.js';
export { EXIT, type Io, main } from './main.js';
export { type ListRequest, PROVIDERS, type ProviderEntry, providerNamed, type Setting } from './providers.js';
export type { ExportState } from './state.js';
