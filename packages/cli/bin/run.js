#!/usr/bin/env node
// The `gati` binary. oclif reads oclif.manifest.json, so only the command being run is loaded.
require('@oclif/core')
  .execute({ dir: __dirname })
  .catch(require('@oclif/core').handle);
