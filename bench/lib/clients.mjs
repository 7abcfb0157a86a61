// Plain-JS construction of each SDK list call, for the child processes (memory, import cost),
// which run without a TypeScript loader so that nothing but cdrkit counts in their memory.
//
// A Paged is awaitable (its first page), so an async function must never return one: it would
// be awaited. `loadListCall` resolves to a plain function, and that function returns the Paged.

/** Imports the provider's package and returns `(emu, range, options) => Paged`. */
export async function loadListCall(provider) {
  switch (provider) {
    case 'telecmi': {
      const { TeleCmiClient } = await import('@cdrkit/telecmi');
      return (emu, { from, to }, options = {}) =>
        new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url }).outAnswered({
          from,
          to,
          pageSize: 100,
          ...options,
        });
    }
    case 'boxis': {
      const { BoxisClient } = await import('@cdrkit/boxis');
      return (emu, { from, to }, options = {}) =>
        new BoxisClient({ ...emu.credentials, baseUrl: emu.url }).getCDR({ from, to, ...options });
    }
    case 'mixvoip': {
      const { MixvoipClient } = await import('@cdrkit/mixvoip');
      return (emu, { from, to }, options = {}) =>
        new MixvoipClient({ ...emu.credentials, baseUrl: emu.url }).getCalls({
          profileId: String(emu.profileId),
          from,
          to,
          ...options,
        });
    }
    case 'iping': {
      const { IpingClient } = await import('@cdrkit/iping');
      return (emu, { from, to }, options = {}) =>
        new IpingClient({ ...emu.credentials, baseUrl: emu.url }).getOutboundItems({
          from,
          to,
          transport: 'query',
          ...options,
        });
    }
    case 'nimblevox': {
      const { NimblevoxClient } = await import('@cdrkit/nimblevox');
      return (emu, { from, to }, options = {}) =>
        new NimblevoxClient({ ...emu.credentials, baseUrl: emu.url }).listSdrs({
          from,
          to,
          pageSize: 500,
          ...options,
        });
    }
    default:
      throw new Error(`unknown provider ${provider}`);
  }
}
