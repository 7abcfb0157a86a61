export { readCursor } from './cursor.js';
export { createPaged, type PagedOptions } from './paged.js';
export type { Cursor, ListOptions, Page, Paged, PageSource, SourcePage } from './types.js';
