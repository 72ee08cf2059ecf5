/**
 * `npm run package`: packages the Forge app offline exactly as `forge deploy` does, with the Forge CLI's own
 * bundler (`@forge/bundler`, pinned to the version the current `@forge/cli` ships with) and the CLI's own reading
 * of the manifest (`ConfigFile` of the `@forge/cli-shared` that bundler depends on): one webpack compile of every
 * `function` handler module (`NodeBundler`: target node, ts-loader with the app's tsconfig.json, `[name].cjs`),
 * then one compile per UI Kit resource (`NativeUIBundler.bundleResources`, all in parallel), as the CLI's
 * `AppPackager` runs them. TypeScript or resolution errors fail the package, as they fail a deploy.
 *
 * Output (gitignored): `dist/functions/` (the runtime archive's content: one `<module>.cjs` per handler module
 * of every manifest function, whatever module uses it: `resolvers/index.cjs`, `triggers/index.cjs`,
 * `consumers/index.cjs`, source maps, `runtime.json` and a stand-in `__forge__.cjs`) and `dist/ui/<resource>/`
 * (each UI Kit resource: `index.html`, its scripts and assets). `dist/package-report.json` records the files and
 * sizes. What is not reproduced: the Forge runtime wrapper `__forge__.cjs`, which the CLI downloads from
 * Atlassian's CDN at deploy time (here a stand-in that says so), and the upload.
 *
 * Plain CommonJS JavaScript run by plain `node`, on purpose: the bundler's webpack config refuses to run without
 * `require.main`, which an ES module entry point does not have, and tsx's module hooks break the CLI's own
 * dependencies (ora's JSON require). The Forge CLI itself is a plain CommonJS Node program.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { z } = require('zod');

const appDir = process.cwd();
const distDir = path.join(appDir, 'dist');

// FORGE_BUNDLER: the folder of another @forge/bundler, e.g. the one inside a global Forge CLI
// ($(npm root -g)/@forge/cli/node_modules/@forge/bundler), to check what that CLI would build (docs/forge-app.md).
const bundlerDir = process.env.FORGE_BUNDLER
  ? path.resolve(process.env.FORGE_BUNDLER)
  : path.dirname(require.resolve('@forge/bundler/package.json'));
const bundler = require(bundlerDir);
// The bundler's own @forge/cli-shared (the CLI's), not whichever version another package hoisted.
const cliShared = require(require.resolve('@forge/cli-shared', { paths: [bundlerDir] }));

const quiet = process.argv.includes('--quiet');
// --functions-only: the runtime bundle alone (a quick check of the function code; CI builds everything).
const functionsOnly = process.argv.includes('--functions-only');
const logger = {
  debug: () => undefined,
  trace: () => undefined,
  info: (m) => {
    if (!quiet) console.log(m);
  },
  // webpack warnings (e.g. size hints) are printed, as the CLI prints them.
  warn: (m) => console.warn(`warning: ${m}`),
  error: (m) => console.error(m),
};

// The CLI downloads the Node runtime wrapper from Atlassian's CDN; offline we write a stand-in that says so,
// so nothing here needs the network and nobody mistakes dist/ for an uploadable archive.
const offlineWrapper = {
  async getNodeRuntimeWrapper() {
    return {
      script:
        "// Stand-in: `forge deploy` puts Atlassian's Forge Node runtime wrapper here (downloaded from its CDN).\n" +
        "throw new Error('offline build: not a deployable archive');\n",
      source: 'offline',
      version: 'offline',
    };
  },
  async getNodeRuntimeLoader() {
    return undefined;
  },
};

const FileList = z.array(z.object({ file: z.string(), bytes: z.number().int().nonnegative() }));
const PackageReport = z.object({
  bundler: z.string(),
  webpack: z.string(),
  functions: z.object({ entryPoints: z.array(z.string()), files: FileList }),
  ui: z.record(z.string(), FileList),
  buildMs: z.number(),
  memory: z.object({ peakHeapUsedMiB: z.number(), peakRssMiB: z.number(), heapLimitMiB: z.number() }),
});

function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ file: path.relative(dir, full), bytes: fs.statSync(full).size });
    }
  };
  walk(dir);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

// Peak memory of this process (all compiles run in it, as in `forge deploy`), against V8's default heap limit.
const v8 = require('node:v8');
const { setInterval } = require('node:timers');
const peak = { heapUsed: 0, rss: 0 };
const sample = () => {
  const m = process.memoryUsage();
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  peak.rss = Math.max(peak.rss, m.rss);
};
setInterval(sample, 250).unref();

async function main() {
  const started = Date.now();
  const config = new cliShared.ConfigFile(new cliShared.FileSystemReader(), new cliShared.FileSystemWriter());
  const manifest = await config.readConfig();
  const handlers = await config.getAppHandlers();
  const resources = (await config.getResources()).filter(cliShared.shouldBundleResource);

  fs.rmSync(distDir, { recursive: true, force: true });
  fs.mkdirSync(distDir, { recursive: true });

  // As AppPackager.package: the runtime bundle first, then every UI Kit resource in parallel.
  const entryPoints = bundler.getEntryPoints(handlers);
  const nodeBundler = bundler.getNodeBundler(logger, offlineWrapper, config, {
    isTypescriptBundlerEnabled: async () => false,
  });
  const runtime = await nodeBundler.bundle({ appDirectory: appDir, entryPoints });
  const functionsDir = path.join(distDir, 'functions');
  fs.cpSync(runtime.outputDir, functionsDir, { recursive: true });
  for (const [name, content] of runtime.additionalOutputs ?? []) {
    fs.mkdirSync(path.dirname(path.join(functionsDir, name)), { recursive: true });
    if (Buffer.isBuffer(content)) fs.writeFileSync(path.join(functionsDir, name), content);
    else fs.copyFileSync(content, path.join(functionsDir, name));
  }
  fs.rmSync(runtime.outputDir, { recursive: true, force: true });

  const ui = functionsOnly
    ? { nativeUiBundlesDetails: [] }
    : await new bundler.NativeUIBundler(logger).bundleResources(resources, manifest.translations);
  const uiReport = {};
  for (const { key, path: outDir } of ui.nativeUiBundlesDetails.sort((a, b) => a.key.localeCompare(b.key))) {
    const target = path.join(distDir, 'ui', key);
    fs.cpSync(outDir, target, { recursive: true });
    fs.rmSync(outDir, { recursive: true, force: true });
    uiReport[key] = listFiles(target);
  }

  sample();
  const report = PackageReport.parse({
    bundler: require(path.join(bundlerDir, 'package.json')).version,
    webpack: require(require.resolve('webpack/package.json', { paths: [bundlerDir] })).version,
    functions: { entryPoints: entryPoints.map((e) => e.name), files: listFiles(functionsDir) },
    ui: uiReport,
    buildMs: Date.now() - started,
    memory: {
      peakHeapUsedMiB: Math.round(peak.heapUsed / 1048576),
      peakRssMiB: Math.round(peak.rss / 1048576),
      heapLimitMiB: Math.round(v8.getHeapStatistics().heap_size_limit / 1048576),
    },
  });
  fs.writeFileSync(path.join(distDir, 'package-report.json'), JSON.stringify(report, null, 2) + '\n');

  const { memory } = report;
  console.log(`@forge/bundler ${report.bundler}, webpack ${report.webpack}: dist/ in ${report.buildMs} ms`);
  console.log(
    `  peak heap ${memory.peakHeapUsedMiB} MiB of the default limit ${memory.heapLimitMiB} MiB; peak RSS ${memory.peakRssMiB} MiB`,
  );
  const rows = [
    ...report.functions.files
      .filter((f) => f.file.endsWith('.cjs'))
      .map((f) => [`functions/${f.file}`, f.bytes]),
    ...Object.entries(uiReport).map(([key, files]) => [
      `ui/${key} (${files.length} files)`,
      files.reduce((s, f) => s + f.bytes, 0),
    ]),
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, bytes] of rows) console.log(`  ${name.padEnd(width)}  ${kib(bytes).padStart(11)}`);
}

main().catch((e) => {
  console.error(`package failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
