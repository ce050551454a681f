// Copies the migration file templates from the repository's `templates/` (their source, compiled by the tests)
// into this package's `templates/`, which is what the emitter reads and what the package ships. Run by
// `npm run build` and by this package's `prepack`. A file is written only when its text changed, so a build
// during a test run never truncates a template that a test is reading.
const fs = require('node:fs');
const path = require('node:path');

const source = path.resolve(__dirname, '..', '..', '..', 'templates');
const target = path.resolve(__dirname, '..', 'templates');

function isTemplate(name) {
  return name.endsWith('.ts') && !name.endsWith('.test.ts');
}

function main() {
  if (!fs.existsSync(source)) throw new Error(`No templates folder at ${source}: run this in a checkout of gati-migrations.`);
  const names = fs.readdirSync(source).filter(isTemplate).sort();
  if (names.length === 0) throw new Error(`No templates in ${source}.`);
  fs.mkdirSync(target, { recursive: true });
  let written = 0;
  for (const name of names) {
    const text = fs.readFileSync(path.join(source, name), 'utf8');
    const file = path.join(target, name);
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
    fs.writeFileSync(file, text);
    written += 1;
  }
  for (const name of fs.readdirSync(target)) if (!names.includes(name)) fs.rmSync(path.join(target, name), { recursive: true });
  console.log(`packages/core/templates: ${names.length} templates (${written} written)`);
}

main();
