#!/usr/bin/env node
// The `gati` binary. oclif reads oclif.manifest.json, so only the command being run is loaded.

// The compiled code of every module loaded from here on is kept in a disk cache, so later starts skip compiling
// oclif, kysely and (for generate) TypeScript: Node's own on 22.1+, ./code-cache.js on Node 20.
require('./code-cache').installCodeCache(process.argv[2]);

// oclif checks that Node satisfies its own `engines` range (>= 18) with semver, which costs ~13 ms at every
// start; this package requires a newer Node than that, so the check can never fail here.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= 'true';

const oclif = require('@oclif/core');

// Always run the compiled commands: without this, oclif switches to ts-node on src/ whenever NODE_ENV is not
// 'production' and a tsconfig is next to the package (as in this monorepo), which doubles start-up time.
oclif.settings.enableAutoTranspile = false;

oclif.execute({ dir: __dirname }).catch(oclif.handle);
