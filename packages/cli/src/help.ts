import { Help } from '@oclif/core';

/** Root help that lists every command (oclif shows only topics there by default). */
export default class GatiHelp extends Help {
  protected override async showRootHelp(): Promise<void> {
    this.log(this.formatRoot());
    this.log('');
    const commands = this.sortedCommands.filter((c) => !c.hidden);
    this.log(this.formatCommands(commands));
    this.log('');
    this.log('Run gati COMMAND --help for its flags. Exit codes: 0 success, 1 failure, 2 usage error or decision needed.');
  }
}
