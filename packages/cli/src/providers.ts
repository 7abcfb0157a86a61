/**
 * What the CLI knows of each provider: its credentials (flags and environment variables), its
 * list method, and how to start its emulator.
 * @module
 */
import { BoxisClient } from '@cdrkit/boxis';
import type { ClientOptions, Cursor, Paged, ProviderName } from '@cdrkit/core';
import { InvalidArgumentError } from '@cdrkit/core';
import { IpingClient } from '@cdrkit/iping';
import { MixvoipClient } from '@cdrkit/mixvoip';
import { NimblevoxClient } from '@cdrkit/nimblevox';
import { TeleCmiClient } from '@cdrkit/telecmi';

/** One setting a provider needs: a flag, an environment variable, and whether it is a secret. */
export interface Setting {
  /** camelCase key, as the client constructor or the list method takes it. */
  key: string;
  /** The command-line flag, e.g. `--app-id`. */
  flag: string;
  /** The environment variable read when the flag is absent, e.g. `TELECMI_APP_ID`. */
  env: string;
  /** What the setting is, as `cdrkit providers` prints it. */
  description: string;
  /** True for a credential: never printed, and better given by environment variable than by flag. */
  secret: boolean;
  /** True when the export cannot run without it. */
  required: boolean;
}

/** What an export asks of a provider. */
export interface ListRequest {
  /** Start of the range (inclusive), as `--from` gave it. */
  from: string;
  /** End of the range (exclusive), as `--to` gave it. */
  to: string;
  /** Where a resumed export continues; the range then comes from it. */
  cursor?: Cursor | undefined;
  /** Requests kept in flight ahead of the writer. */
  prefetch: number;
  /** Aborts every request of the export. */
  signal: AbortSignal;
}

/** What the CLI knows of one provider: its names, its settings and how to list its records. */
export interface ProviderEntry {
  /** The provider's name, as `--provider` takes it. */
  name: ProviderName;
  /** The provider's display name (`TeleCMI`). */
  title: string;
  /** The client method an export calls, as `cdrkit providers` shows it. */
  method: string;
  /** The flags and environment variables the provider needs. */
  settings: Setting[];
  /** The client method `list` calls with these settings (`outAnswered`, `getCDR`, …): a sync's watermark name. */
  operation(settings: Record<string, string>): string;
  /** Builds the client from the resolved settings and returns its list call. */
  list(settings: Record<string, string>, options: ClientOptions, request: ListRequest): Paged<unknown>;
}

const setting = (
  key: string,
  flag: string,
  env: string,
  description: string,
  { secret = false, required = true } = {},
): Setting => ({ key, flag, env, description, secret, required });

/** Every provider the CLI can export from, by name. */
export const PROVIDERS: Record<ProviderName, ProviderEntry> = {
  telecmi: {
    name: 'telecmi',
    title: 'TeleCMI',
    method: 'outAnswered (or --endpoint outmissed|answered|missed)',
    settings: [
      setting('appId', '--app-id', 'TELECMI_APP_ID', 'app id from the CHUB dashboard'),
      setting('token', '--token', 'TELECMI_TOKEN', 'app secret', { secret: true }),
      setting(
        'endpoint',
        '--endpoint',
        'TELECMI_ENDPOINT',
        'outanswered (default), outmissed, answered or missed',
        {
          required: false,
        },
      ),
    ],
    operation: (s) => telecmiMethod(s.endpoint),
    list(s, options, request) {
      const client = new TeleCmiClient({ appId: s.appId ?? '', token: s.token ?? '', ...options });
      const method = client[telecmiMethod(s.endpoint)];
      // The client's default page size (100 on v1); `limit` would stop the export after N records.
      return method.call(client, range(request)) as Paged<unknown>;
    },
  },
  boxis: {
    name: 'boxis',
    title: 'Boxis',
    method: 'getCDR',
    settings: [
      setting('userName', '--user-name', 'BOXIS_USERNAME', 'account e-mail address'),
      setting('userKey', '--user-key', 'BOXIS_USER_KEY', 'API user key', { secret: true }),
      setting('tenant', '--tenant', 'BOXIS_TENANT', 'tenant number, e.g. VOICE-12001-1'),
    ],
    operation: () => 'getCDR',
    list(s, options, request) {
      const client = new BoxisClient({
        userName: s.userName ?? '',
        userKey: s.userKey ?? '',
        tenant: s.tenant ?? '',
        ...options,
      });
      return client.getCDR({ ...range(request) }) as Paged<unknown>;
    },
  },
  mixvoip: {
    name: 'mixvoip',
    title: 'MIXvoip',
    method: 'getCalls',
    settings: [
      setting('userName', '--user-name', 'MIXVOIP_USERNAME', "reseller's or user's username"),
      setting('password', '--password', 'MIXVOIP_PASSWORD', "reseller's or user's password", {
        secret: true,
      }),
      setting(
        'baseUrl',
        '--base-url',
        'MIXVOIP_BASE_URL',
        'Supernode API base URL (not public: ask MIXvoip)',
      ),
      setting('profileId', '--profile-id', 'MIXVOIP_PROFILE_ID', 'customer number (profile id)'),
    ],
    operation: () => 'getCalls',
    list(s, options, request) {
      const client = new MixvoipClient({
        userName: s.userName ?? '',
        password: s.password ?? '',
        ...options,
        baseUrl: s.baseUrl ?? options.baseUrl ?? '',
      });
      return client.getCalls({ profileId: s.profileId ?? '', ...range(request) }) as Paged<unknown>;
    },
  },
  iping: {
    name: 'iping',
    title: 'iPing',
    method: 'getOutboundItems',
    settings: [
      setting('userName', '--user-name', 'IPING_USERNAME', 'account user name'),
      setting('password', '--password', 'IPING_PASSWORD', 'account password', { secret: true }),
    ],
    operation: () => 'getOutboundItems',
    list(s, options, request) {
      const client = new IpingClient({ userName: s.userName ?? '', password: s.password ?? '', ...options });
      return client.getOutboundItems({ ...range(request) }) as Paged<unknown>;
    },
  },
  nimblevox: {
    name: 'nimblevox',
    title: 'Nimblevox',
    method: 'listSdrs',
    settings: [setting('apiKey', '--api-key', 'NIMBLEVOX_API_KEY', 'API key', { secret: true })],
    operation: () => 'listSdrs',
    list(s, options, request) {
      const client = new NimblevoxClient({ apiKey: s.apiKey ?? '', ...options });
      return client.listSdrs({ ...range(request) }) as Paged<unknown>;
    },
  },
};

const TELECMI_METHODS = {
  outanswered: 'outAnswered',
  outmissed: 'outMissed',
  answered: 'answered',
  missed: 'missed',
} as const;

/** The TeleCMI client method of an `--endpoint` value (default outanswered). */
function telecmiMethod(endpoint: string | undefined): (typeof TELECMI_METHODS)[keyof typeof TELECMI_METHODS] {
  const name = (endpoint ?? 'outanswered').toLowerCase();
  const method = TELECMI_METHODS[name as keyof typeof TELECMI_METHODS];
  if (!method) {
    throw new InvalidArgumentError(
      `Unknown TeleCMI endpoint "${name}": use outanswered, outmissed, answered or missed.`,
      { argument: 'endpoint' },
    );
  }
  return method;
}

function range(request: ListRequest) {
  return {
    from: request.from,
    to: request.to,
    prefetch: request.prefetch,
    signal: request.signal,
    ...(request.cursor ? { cursor: request.cursor } : {}),
  };
}

/** The provider named `name`, or an InvalidArgumentError listing the known ones. */
export function providerNamed(name: string | undefined): ProviderEntry {
  const known = Object.keys(PROVIDERS).join(', ');
  if (!name)
    throw new InvalidArgumentError(`--provider is required: one of ${known}.`, { argument: 'provider' });
  const entry = PROVIDERS[name.toLowerCase() as ProviderName];
  if (!entry) {
    throw new InvalidArgumentError(`Unknown provider "${name}": use one of ${known}.`, {
      argument: 'provider',
    });
  }
  return entry;
}
