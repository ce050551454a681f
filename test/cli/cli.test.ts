/**
 * The CLI end-to-end tests: the built `gati` binary, run in throw-away projects as a user would.
 *
 * One jest file for every scenario (kept in `*.cases.ts` by subject, all tests at the top level): jest runs test
 * files one after another when it has a single worker (a 2-core machine), and runs `it.concurrent` tests side
 * by side only among siblings. Here they are all siblings, each a chain of `gati` processes of its own, so both
 * cores stay busy. The longest chains are registered first, so they start first. A chain of gati processes
 * can take minutes on a loaded machine: each test gets two.
 */
jest.setTimeout(120_000);

import './generate-apply.cases';
import './drift.cases';
import './errors.cases';
import './down-versions.cases';
import './timescape.cases';
import './config-help.cases';
import './concurrency.cases';
import './servers.cases';
import './integrity.cases';
import './partial.cases';
import './crash.cases';
import './codegen.cases';
import './locale.cases';
import './zero-downtime.cases';
import './enum-down.cases';
import './mongodb.cases';
import './mongodb-generate.cases';
