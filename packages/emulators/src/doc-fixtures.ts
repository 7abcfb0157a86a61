/**
 * The doc samples and the requests that get them, so tests can ask for a provider's own bytes
 * without copying them. Every `response` is served byte for byte for its request.
 */
import { boxisErrorSample, boxisSuccessSample } from './fixtures/boxis.js';
import { ipingSampleQueryUrl, ipingSampleXmlRequest } from './fixtures/iping.js';
import { mixvoipCsvSample, mixvoipJsonSample } from './fixtures/mixvoip.js';
import { nimblevoxJsonSample, nimblevoxXmlSample } from './fixtures/nimblevox.js';
import { telecmiSampleRequest, telecmiSampleResponse } from './fixtures/telecmi.js';
import { BOXIS_DOC_TENANT, BOXIS_DOC_USER, BOXIS_DOC_USER_KEY } from './providers/boxis.js';
import { IPING_DOC_PASSWORD, IPING_DOC_USER } from './providers/iping.js';
import { MIXVOIP_DOC_PROFILE } from './providers/mixvoip.js';
import { NIMBLEVOX_DOC_API_KEY } from './providers/nimblevox.js';
import { TELECMI_DOC_APP_ID, TELECMI_DOC_TOKEN } from './providers/telecmi.js';

/**
 * Doc-sample fixtures per provider: the credentials or parameters that reach them and the exact
 * bytes served (the web copy's U+00A0 replaced by plain spaces).
 *
 * @example
 * const emu = await startEmulator('telecmi');
 * const res = await fetch(`${emu.url}/v1/outanswered`, {
 *   method: 'POST',
 *   headers: { 'Content-Type': 'application/json' },
 *   body: docFixtures.telecmi.request,
 * });
 * (await res.text()) === docFixtures.telecmi.response; // true
 */
export const docFixtures = {
  telecmi: {
    /** The doc's app id and secret: they reach the doc's three sample calls on /v1/outanswered. */
    credentials: { appId: TELECMI_DOC_APP_ID, token: TELECMI_DOC_TOKEN },
    path: '/v1/outanswered',
    /** The doc's sample request body (any request of these credentials whose range covers the three calls, page 1, limit ≥ 3 gets the same answer). */
    request: telecmiSampleRequest,
    response: telecmiSampleResponse,
  },
  boxis: {
    /** The doc's example account; authcode must be md5(timestamp + userKey) as for any account. */
    credentials: { userName: BOXIS_DOC_USER, userKey: BOXIS_DOC_USER_KEY, tenant: BOXIS_DOC_TENANT },
    /** Form fields (besides version, timestamp, username, authcode) of the success sample's request. */
    successFields: {
      returntype: 'json',
      section: 'voice',
      action: 'getCDR',
      tenant: BOXIS_DOC_TENANT,
      datefrom: '2018-02-06 20:00:00',
      dateto: '2018-02-06 21:00:00',
    },
    successResponse: boxisSuccessSample,
    /** The doc's example POST body (HTML entities repaired): its authcode is no md5, so it gets the error sample. */
    errorRequest:
      'version=1.0&returntype=json&timestamp=1337853467&username=your@mail.com&authcode=1234567890&section=voice&action=getCDR&tenant=VOICE-12001-1&datefrom=2012-05-09 10:00:00&dateto=2012-05-09 11:00:00',
    errorResponse: boxisErrorSample,
  },
  mixvoip: {
    /** A profile linked to the emulator's account (use `emu.credentials` in the query string). */
    profileId: MIXVOIP_DOC_PROFILE,
    jsonPath: `/cdrs/getcalls/${MIXVOIP_DOC_PROFILE}/2021-06-29/2021-06-30`,
    jsonResponse: mixvoipJsonSample,
    csvPath: `/cdrs/getcalls/${MIXVOIP_DOC_PROFILE}/2021-06-29/2021-06-30/csv`,
    csvResponse: mixvoipCsvSample,
  },
  iping: {
    /** The doc's account: it holds a few fixed items on 05/11/2002–05/12/2002 (the doc has no sample answer). */
    credentials: { userName: IPING_DOC_USER, password: IPING_DOC_PASSWORD },
    xmlRequest: ipingSampleXmlRequest,
    queryUrl: ipingSampleQueryUrl,
  },
  nimblevox: {
    apiKey: NIMBLEVOX_DOC_API_KEY,
    /** The doc's curl request with the fixture key. */
    path: `/sdr?startDate=2012-10-31T00:00:00&endDate=2012-10-31T23:59:59&callingParty=123456789&calledParty=987654321&apiKey=${NIMBLEVOX_DOC_API_KEY}&max=100`,
    jsonResponse: nimblevoxJsonSample,
    xmlResponse: nimblevoxXmlSample,
  },
} as const;
