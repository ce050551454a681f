/**
 * The CLI end-to-end tests: the built `gati` binary, run in throw-away projects as a user would.
 *
 * One jest file for every scenario (kept in `*.cases.ts` by subject, all tests at the top level): jest runs
 * `it.concurrent` tests side by side only among siblings. Here they are all siblings, each a chain of `gati`
 * processes of its own, so both cores stay busy; that is why this suite runs alone, after every other
 * (test/support/cli-suite-last.js). The longest chains are registered first, so they start first. A chain of
 * gati processes can take minutes on a loaded machine: each test gets two.
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
