// What ran where: the machine, the load on it, and the versions of everything measured.
const fs = require('node:fs');
const os = require('node:os');
const { commandVersion, installedVersion, onPath } = require('./tools');

function osName() {
  try {
    const release = fs.readFileSync('/etc/os-release', 'utf8');
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: (os.totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    os: `${osName()} (${os.type()} ${os.release()}, ${os.arch()})`,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
  };
}

function versions(postgresVersion) {
  const pkg = (name) => `${name} ${installedVersion(name) ?? 'not installed'}`;
  return [
    pkg('@gati-framework/cli'),
    pkg('drizzle-kit'),
    pkg('drizzle-orm'),
    pkg('kysely-ctl'),
    pkg('kysely'),
    pkg('jiti'),
    pkg('@oclif/core'),
    pkg('pg'),
    pkg('better-sqlite3'),
    onPath('psql') ? commandVersion(['psql', '--version']) : 'psql: not installed',
    onPath('sqlite3') ? `sqlite3 ${commandVersion(['sqlite3', '--version'])?.split(' ')[0]}` : 'sqlite3: not installed',
    postgresVersion ? `server: ${postgresVersion.split(' on ')[0]}` : 'server: PostgreSQL not reachable',
  ];
}

module.exports = { machine, versions };
