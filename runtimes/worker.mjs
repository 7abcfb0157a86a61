/**
 * workerd entry of the scenario: a Worker whose `fetch` takes the setup as the request's JSON body
 * and answers the result as JSON, or 500 with the error's stack as text.
 */
import { runScenario } from './scenario.mjs';

export default {
  async fetch(request) {
    try {
      return Response.json(await runScenario(await request.json()));
    } catch (error) {
      return new Response(String(error?.stack ?? error), { status: 500 });
    }
  },
};
