// Jest's test sequencer, with the CLI suite last.
//
// test/cli/cli.test.ts runs its scenarios side by side (`it.concurrent`, three chains of gati processes at a
// time), which keeps both cores of this project's machine busy on its own. Run next to another heavy suite
// (Jest orders suites by how long they took last time, longest first), the machine was overloaded: a suite
// took twice as long and MariaDB did not even answer a connection within 10 s. So every other suite runs first,
// two at a time, in Jest's order, and the CLI suite runs alone at the end.
const Sequencer = require('@jest/test-sequencer').default;

const RUN_LAST = 'test/cli/cli.test.ts';

class CliSuiteLast extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const isLast = (test) => test.path.split('\\').join('/').endsWith(RUN_LAST);
    return [...sorted.filter((test) => !isLast(test)), ...sorted.filter(isLast)];
  }
}

module.exports = CliSuiteLast;
