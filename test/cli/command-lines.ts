/** Finding the `kling …` command lines a text shows a person, and splitting them as a shell would. */

/**
 * Commands in a text: `kling …` inside backticks (how messages and hints quote a command), and the
 * lines of an `Examples:` section. Usage synopses (`Usage: kling task <handle|id> [options]`) are
 * descriptions, not commands, and are left out.
 */
export function commandsIn(text: string): string[] {
  const found = [...text.matchAll(/`(kling(?: [^`]*)?)`/g)].map((match) => match[1] as string);
  let inExamples = false;
  for (const line of text.split('\n')) {
    if (/^Examples:\s*$/.test(line)) inExamples = true;
    else if (inExamples && /^\s+kling /.test(line)) found.push(line.trim());
    else if (inExamples && line.trim() !== '') inExamples = false;
  }
  return found;
}

/** Placeholders a command line may show, and what a person would type instead. */
const PLACEHOLDERS: [RegExp, string][] = [
  [/"<prompt>"/g, '"a paper boat"'],
  [/<handle>/g, 'kt1.n.t2v.821585738725658820'],
  [/<file\.mp4>/g, 'out.mp4'],
  [/<id>/g, 'job-42'],
  [/<path>/g, 'config.json'],
];

/** The command lines with placeholders filled in; `<command>` stands for each command. */
export function concrete(command: string, commandNames: readonly string[]): string[] {
  let filled = command;
  for (const [placeholder, value] of PLACEHOLDERS) filled = filled.replace(placeholder, value);
  return filled.includes('<command>') ? commandNames.map((name) => filled.replace('<command>', name)) : [filled];
}

/** Splits a command line into arguments: whitespace separates, single and double quotes group. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = '';
  let quote: string | undefined;
  let inWord = false;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote) throw new Error(`unbalanced ${quote} in: ${line}`);
  if (inWord) words.push(current);
  return words;
}
