// Plain-JS construction of each SDK list call, for the child processes (memory, import cost),
// which run without a TypeScript loader so that nothing but cdrkit counts in their memory.
export async function listCall(provider, emu, range, options = {}) {
  const { from, to } = range;
  switch (provider) {
    case 'telecmi': {
      const { TeleCmiClient } = await import('@cdrkit/telecmi');
      return new TeleCmiClient({ ...emu.credentials, baseUrl: emu.url }).outAnswered({
        from,
        to,
        limit: 100,
        ...options,
      });
    }
    case 'boxis': {
      const { BoxisClient } = await import('@cdrkit/boxis');
      return new BoxisClient({ ...emu.credentials, baseUrl: emu.url }).getCDR({ from, to, ...options });
    }
    case 'mixvoip': {
      const { MixvoipClient } = await import('@cdrkit/mixvoip');
      return new MixvoipClient({ ...emu.credentials, baseUrl: emu.url }).getCalls({
        profileId: String(emu.profileId),
        from,
        to,
        ...options,
      });
    }
    case 'iping': {
      const { IpingClient } = await import('@cdrkit/iping');
      return new IpingClient({ ...emu.credentials, baseUrl: emu.url }).getOutboundItems({
        from,
        to,
        transport: 'query',
        ...options,
      });
    }
    case 'nimblevox': {
      const { NimblevoxClient } = await import('@cdrkit/nimblevox');
      return new NimblevoxClient({ ...emu.credentials, baseUrl: emu.url }).listSdrs({
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
