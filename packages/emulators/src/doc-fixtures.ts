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
  /** TeleCMI's `/v1/outanswered` sample. */
  telecmi: {
    /** The doc's app id and secret: they reach the doc's three sample calls on /v1/outanswered. */
    credentials: {
      /** The doc's app id (`1111113`). */
      appId: TELECMI_DOC_APP_ID,
      /** The doc's app secret. */
      token: TELECMI_DOC_TOKEN,
    },
    /** The endpoint the sample belongs to; POST the request body here. */
    path: '/v1/outanswered',
    /** The doc's sample request body (any request of these credentials whose range covers the three calls, page 1, limit ≥ 3 gets the same answer). */
    request: telecmiSampleRequest,
    /** The doc's sample answer, byte for byte: three outgoing answered calls. */
    response: telecmiSampleResponse,
  },
  /** Boxis' getCDR success and error samples. */
  boxis: {
    /** The doc's example account; authcode must be md5(timestamp + userKey) as for any account. */
    credentials: {
      /** The doc's example user name. */
      userName: BOXIS_DOC_USER,
      /** The key to sign requests with (md5 of timestamp and key). */
      userKey: BOXIS_DOC_USER_KEY,
      /** The doc's example tenant. */
      tenant: BOXIS_DOC_TENANT,
    },
    /** Form fields (besides version, timestamp, username, authcode) of the success sample's request. */
    successFields: {
      /** Answer format: the success sample is JSON. */
      returntype: 'json',
      /** The API section, voice. */
      section: 'voice',
      /** The method, getCDR. */
      action: 'getCDR',
      /** The doc's example tenant. */
      tenant: BOXIS_DOC_TENANT,
      /** Start of the range, Swiss local time. */
      datefrom: '2018-02-06 20:00:00',
      /** End of the range, Swiss local time; the sample's two calls lie between. */
      dateto: '2018-02-06 21:00:00',
    },
    /** The doc's JSON success sample (two calls), served for a signed request with `successFields`. */
    successResponse: boxisSuccessSample,
    /** The doc's example POST body (HTML entities repaired): its authcode is no md5, so it gets the error sample. */
    errorRequest:
      'version=1.0&returntype=json&timestamp=1337853467&username=your@mail.com&authcode=1234567890&section=voice&action=getCDR&tenant=VOICE-12001-1&datefrom=2012-05-09 10:00:00&dateto=2012-05-09 11:00:00',
    /** The doc's JSON error sample, served for `errorRequest`. */
    errorResponse: boxisErrorSample,
  },
  /** MIXvoip's getCalls samples, JSON and CSV. */
  mixvoip: {
    /** A profile linked to the emulator's account (use `emu.credentials` in the query string). */
    profileId: MIXVOIP_DOC_PROFILE,
    /** The request path of the JSON sample (add `?username=…&password=…`). */
    jsonPath: `/cdrs/getcalls/${MIXVOIP_DOC_PROFILE}/2021-06-29/2021-06-30`,
    /** The doc's JSON sample, byte for byte: one CALLIN and one CALLOUT. */
    jsonResponse: mixvoipJsonSample,
    /** The request path of the CSV sample (add `?username=…&password=…`). */
    csvPath: `/cdrs/getcalls/${MIXVOIP_DOC_PROFILE}/2021-06-29/2021-06-30/csv`,
    /** The doc's CSV sample, byte for byte, ragged rows included. */
    csvResponse: mixvoipCsvSample,
  },
  /** iPing's GetOutboundItems sample requests (the doc has no sample answer). */
  iping: {
    /** The doc's account: it holds a few fixed items on 05/11/2002–05/12/2002 (the doc has no sample answer). */
    credentials: {
      /** The doc's `user_name` (`testdriver`). */
      userName: IPING_DOC_USER,
      /** The doc's password. */
      password: IPING_DOC_PASSWORD,
    },
    /** The doc's `bSmartXML` request document, to POST to `/services/iping.asp`. */
    xmlRequest: ipingSampleXmlRequest,
    /** The doc's query-string request URL, on www.iping.com: GET its path and query from the emulator instead. */
    queryUrl: ipingSampleQueryUrl,
  },
  /** Nimblevox's `GET /sdr` samples, JSON and XML. */
  nimblevox: {
    /** The key that stands for the doc's `{apiKey}`. */
    apiKey: NIMBLEVOX_DOC_API_KEY,
    /** The doc's curl request with the fixture key. */
    path: `/sdr?startDate=2012-10-31T00:00:00&endDate=2012-10-31T23:59:59&callingParty=123456789&calledParty=987654321&apiKey=${NIMBLEVOX_DOC_API_KEY}&max=100`,
    /** The doc's JSON sample, served with `Accept: application/json` (the default). */
    jsonResponse: nimblevoxJsonSample,
    /** The doc's XML sample, served with `Accept: application/xml`. */
    xmlResponse: nimblevoxXmlSample,
  },
} as const;
