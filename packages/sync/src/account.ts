import { scryptSync } from 'node:crypto';
import { InvalidArgumentError, type ProviderName } from '@cdrkit/core';

/**
 * What {@link accountOf} reads: the settings a client (and, for MIXvoip, its list call) was given;
 * pass the client's options object as it is, and whatever else it holds (passwords, tokens) is
 * ignored. A secret is read only for Nimblevox, through a one-way hash.
 */
export interface AccountSettings {
  /** TeleCMI: the app id. */
  appId?: string | number;
  /** Boxis, MIXvoip, iPing: the user name. */
  userName?: string;
  /** Boxis: the tenant (one user may hold several). */
  tenant?: string;
  /** MIXvoip: the profile (customer number) synced. */
  profileId?: string | number;
  /** Nimblevox: the API key, its only credential; only a slow hash of it is kept. */
  apiKey?: string;
}

/**
 * The account part of a record's key, derived from a provider's settings without keeping any
 * secret: TeleCMI `appId`; Boxis `userName/tenant`; MIXvoip `userName/profileId`; iPing
 * `userName`; Nimblevox, whose only credential is the API key, `key-` and 16 hex digits of its
 * scrypt hash (slow on purpose, so that the label cannot be used to test guesses of the key).
 * Pass your own label instead where you prefer one; keep it stable, since it is part of the key.
 * @example
 * ```ts
 * const options = { appId: 1111113, token: process.env.TELECMI_TOKEN ?? '' };
 * const telecmi = new TeleCmiClient(options);
 * accountOf('telecmi', options); // '1111113': the token is not read
 * accountOf('boxis', { userName: 'ops@example.com', tenant: 'VOICE-12001-1' }); // 'ops@example.com/VOICE-12001-1'
 * ```
 */
export function accountOf(provider: ProviderName, settings: AccountSettings): string {
  switch (provider) {
    case 'telecmi':
      return need(provider, settings, 'appId');
    case 'boxis': {
      const userName = need(provider, settings, 'userName');
      const tenant = text(settings.tenant);
      return tenant ? `${userName}/${tenant}` : userName;
    }
    case 'mixvoip':
      return `${need(provider, settings, 'userName')}/${need(provider, settings, 'profileId')}`;
    case 'iping':
      return need(provider, settings, 'userName');
    case 'nimblevox': {
      const apiKey = need(provider, settings, 'apiKey');
      return `key-${scryptSync(apiKey, 'cdrkit-sync-account-v1', 8).toString('hex')}`;
    }
    default:
      throw new InvalidArgumentError(`Unknown provider "${String(provider)}".`, { argument: 'provider' });
  }
}

function need(provider: ProviderName, settings: AccountSettings, field: keyof AccountSettings): string {
  const value = text((settings as Record<string, unknown>)[field]);
  if (!value) {
    throw new InvalidArgumentError(
      `The ${provider} account is derived from \`${field}\`: pass it, or give the source an \`account\` label of your own.`,
      { provider, argument: field },
    );
  }
  return value;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
