/** Replaces the password of every URL in `text` (`postgres://u:secret@h` -> `postgres://u:***@h`). */
export function redactSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:)([^@\s]*)@/gi, '$1***@');
}
