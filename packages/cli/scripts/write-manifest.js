// Writes oclif.manifest.json (what `oclif manifest` does; the oclif generator package wants Node 22), so that
// `gati --help` and every command start without importing every command file. Run by `npm run build` and by this
// package's `prepack`; the file is written only when its text changed, so a build during a test run never
// truncates the manifest under a running `gati`.
const fs = require('node:fs');
const path = require('node:path');
const { Plugin } = require('@oclif/core');

async function main() {
  const root = path.resolve(__dirname, '..');
  const plugin = new Plugin({ root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true });
  await plugin.load();
  const file = path.join(root, 'oclif.manifest.json');
  const text = `${JSON.stringify(plugin.manifest, null, 2)}\n`;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
