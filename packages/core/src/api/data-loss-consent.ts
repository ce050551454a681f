import { DecisionRequiredError } from '../errors';

/**
 * Consent to the data a migration loses: none needed when it loses none or `--allow-data-loss` was given; asked on a
 * terminal; else a DecisionRequiredError (exit 2) that names the losses and the flag.
 */
export async function confirmDataLoss(
  losses: readonly string[],
  options: { readonly allowDataLoss?: boolean; readonly ask?: (question: string) => Promise<boolean> },
): Promise<void> {
  if (losses.length === 0 || options.allowDataLoss) return;
  const list = losses.join('; ');
  if (options.ask && (await options.ask(`This migration loses data: ${list}. Write it anyway?`))) return;
  throw new DecisionRequiredError(`This migration would lose data: ${list}. Pass --allow-data-loss to write it anyway.`);
}
