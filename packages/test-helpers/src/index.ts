/**
 * `@cdrkit/test-helpers`: what every package's tests share. Private: never published.
 * @module
 */
export { readFixture, readJsonFixture } from './fixtures.js';
export { collectStrings, expectNoSecret, exposedText } from './secrets.js';
export {
  type Answer,
  answer,
  closedPort,
  type Handler,
  json,
  type SeenRequest,
  startServer,
  type TestServer,
  text,
} from './server.js';
