/**
 * Bundle-size budgets, checked by `pnpm size` (size-limit) in CI against the built dist of each
 * package: minified by esbuild, gzipped, every dependency included. Each check bundles a
 * one-line entry, `import { X } from '@cdrkit/<pkg>'`, the way a user's bundler would see it.
 *
 * Two esbuild plugins make the checks say what a browser user actually downloads:
 * - `mainChunkOnly` keeps dynamic `import()`s out of the bundle, as any code-splitting bundler
 *   does: Boxis and Nimblevox load their XML path (and fast-xml-parser) that way, and a user
 *   who only asks for JSON never downloads it.
 * - `forbid` fails the check when the static graph reaches a module it must not: a JSON
 *   provider must not pull fast-xml-parser, and no provider may pull another. This is what
 *   makes "importing one provider does not pull another" a CI check rather than a hope.
 * - `onlyModules` fails the check when a package contributes a module beyond the ones named:
 *   Boxis takes crypto-js' md5 module (and the core it needs), never the rest of crypto-js.
 *
 * `pnpm size --why` explains a check; docs/browser.md holds the measured figures.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const PROVIDERS = ['telecmi', 'boxis', 'mixvoip', 'iping', 'nimblevox'];

/**
 * Resolves `@cdrkit/<name>[/<subpath>]` to `packages/<name>` through its package.json
 * `exports`, so checks measure the published dist. size-limit turns an `import` key into an
 * absolute path (`<root>/@cdrkit/telecmi`): both spellings land here.
 */
const workspacePackages = {
  name: 'cdrkit-workspace',
  setup(build) {
    build.onResolve({ filter: /(?:^|\/)@cdrkit\/[a-z]+(?:\/[a-z0-9]+)?$/ }, (args) => {
      const [, name, subpath] = /@cdrkit\/([a-z]+)(?:\/([a-z0-9]+))?$/.exec(args.path);
      const manifest = JSON.parse(readFileSync(`${root}packages/${name}/package.json`, 'utf8'));
      const target = manifest.exports?.[subpath === undefined ? '.' : `./${subpath}`];
      if (target === undefined) return { errors: [{ text: `@cdrkit/${name} does not export ${subpath}` }] };
      return { path: `${root}packages/${name}/${target.default.replace(/^\.\//, '')}` };
    });
  },
};

/** Leaves every dynamic `import()` out: what a code-splitting bundler loads only when called. */
const mainChunkOnly = {
  name: 'main-chunk-only',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * Fails the check when any byte of `names` (packages, or `@cdrkit/<pkg>` workspace packages)
 * ends up in the bundle: read from esbuild's metafile, so an import that tree-shaking drops
 * entirely does not count, and one that leaves a single function does.
 */
const forbid = (names, why) => ({
  name: 'forbid',
  setup(build) {
    const patterns = names.map((name) =>
      name.startsWith('@cdrkit/')
        ? new RegExp(`(^|/)packages/${name.slice('@cdrkit/'.length)}/`)
        : new RegExp(`(^|/)node_modules/${name}/`),
    );
    build.onEnd((result) => {
      for (const output of Object.values(result.metafile?.outputs ?? {})) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          const hit = names.find((_, index) => patterns[index].test(input));
          if (hit !== undefined && bytesInOutput > 0) {
            throw new Error(`${hit} is in the bundle (${input}, ${bytesInOutput} bytes): ${why}`);
          }
        }
      }
    });
  },
});

/** Fails the check when `name` contributes any module but `allowed` (paths inside the package). */
const onlyModules = (name, allowed, why) => ({
  name: 'only-modules',
  setup(build) {
    const inside = new RegExp(`(^|/)node_modules/${name}/(.+)$`);
    build.onEnd((result) => {
      for (const output of Object.values(result.metafile?.outputs ?? {})) {
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          const module = inside.exec(input)?.[2];
          if (module !== undefined && bytesInOutput > 0 && !allowed.includes(module)) {
            throw new Error(`${name}/${module} is in the bundle (${bytesInOutput} bytes): ${why}`);
          }
        }
      }
    });
  },
});

const plugins =
  (...extra) =>
  (config) => ({
    ...config,
    plugins: [...extra, workspacePackages, ...(config.plugins ?? [])],
  });

/** One provider's check: its client class, nothing of the other providers, no XML unless `xml`. */
const provider = (name, exported, limit, { label = exported, xml = false, extra = [] } = {}) => ({
  name: `@cdrkit/${name}: ${label}`,
  import: { [`@cdrkit/${name}`]: `{ ${exported} }` },
  limit,
  gzip: true,
  modifyEsbuildConfig: plugins(
    mainChunkOnly,
    forbid(
      PROVIDERS.filter((other) => other !== name).map((other) => `@cdrkit/${other}`),
      'a provider package must never pull another',
    ),
    ...(xml ? [] : [forbid(['fast-xml-parser'], 'the JSON path must not pull the XML parser')]),
    ...extra,
  ),
});

export default [
  {
    name: '@cdrkit/core/provider: createPaged + HttpClient',
    import: { '@cdrkit/core/provider': '{ createPaged, HttpClient }' },
    limit: '16 KB',
    gzip: true,
    modifyEsbuildConfig: plugins(
      forbid(
        ['zod', 'date-fns', '@date-fns/tz', 'fast-xml-parser', 'crypto-js'],
        'paging and HTTP need no dependency but ky: a bundler must be able to drop the rest of core',
      ),
    ),
  },
  provider('telecmi', 'TeleCmiClient', '31.8 KB', { label: 'TeleCmiClient (JSON)' }),
  provider('boxis', 'BoxisClient', '38.7 KB', {
    label: 'BoxisClient, JSON (XML loaded on demand)',
    extra: [
      onlyModules(
        'crypto-js',
        ['core.js', 'md5.js'],
        'Boxis signs with MD5 and needs nothing else of crypto-js',
      ),
    ],
  }),
  provider('mixvoip', 'MixvoipClient', '36.9 KB', { label: 'MixvoipClient (JSON, CSV)' }),
  provider('nimblevox', 'NimblevoxClient', '35.9 KB', {
    label: 'NimblevoxClient, JSON (XML loaded on demand)',
  }),
  provider('iping', 'IpingClient', '58.7 KB', { label: 'IpingClient (XML)', xml: true }),
  {
    // size-limit names a `*` import `all`, so only one package can use it: core's; each
    // provider's client class carries the rest of that package.
    name: 'whole SDK: all of core and the five clients, XML chunks included',
    import: {
      '@cdrkit/core': '*',
      '@cdrkit/core/xml': '{ createXmlParser }',
      '@cdrkit/telecmi': '{ TeleCmiClient }',
      '@cdrkit/boxis': '{ BoxisClient }',
      '@cdrkit/mixvoip': '{ MixvoipClient }',
      '@cdrkit/iping': '{ IpingClient }',
      '@cdrkit/nimblevox': '{ NimblevoxClient }',
    },
    limit: '82.4 KB',
    gzip: true,
    modifyEsbuildConfig: plugins(),
  },
];
