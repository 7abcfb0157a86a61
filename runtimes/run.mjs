/**
 * Command-line entry of the scenario for Node, Bun and Deno: the setup comes as one JSON argument,
 * the result goes to stdout as one JSON line. Any failure is an uncaught error, so it reaches the
 * orchestrator as the runtime's own stderr and exit code.
 */
import { runScenario } from './scenario.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : globalThis.process.argv.slice(2);
const result = await runScenario(JSON.parse(args[0]));
console.log(JSON.stringify(result));
