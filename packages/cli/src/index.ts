export { BaseCommand } from './base-command';
