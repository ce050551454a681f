#!/usr/bin/env node
// The `gati` binary. oclif reads oclif.manifest.json, so only the command being run is loaded.
const oclif = require('@oclif/core');

// Always run the compiled commands: without this, oclif switches to ts-node on src/ whenever NODE_ENV is not
// 'production' and a tsconfig is next to the package (as in this monorepo), which doubles start-up time.
oclif.settings.enableAutoTranspile = false;

oclif.execute({ dir: __dirname }).catch(oclif.handle);
