// Writes oclif.manifest.json (what `oclif manifest` does; the oclif generator package wants Node 22), so that
// `gati --help` and every command start without importing every command file.
const fs = require('node:fs');
const path = require('node:path');
const { Plugin } = require('@oclif/core');

async function main() {
  const root = path.resolve(__dirname, '..');
  const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
  await plugin.load();
  fs.writeFileSync(path.join(root, 'oclif.manifest.json'), `${JSON.stringify(plugin.manifest, null, 2)}\n`);
  console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
