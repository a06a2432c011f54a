export interface Shot {
  prompt: string;
  duration: number;
}

const SHOT = /\s*shot\s+(\d+)\s*,\s*(\d+)\s*,\s*([\s\S]*?);(?=\s*shot\s+\d+\s*,|\s*$)/y;

/**
 * Reads the new standard's multi-shot prompt (`shot 1, 2, words; shot 2, 3, words;`) back into
 * shots. Undefined when the prompt is free text: the model then cuts shots by itself.
 */
export function parseShotsPrompt(prompt: string): Shot[] | undefined {
  const shots: Shot[] = [];
  SHOT.lastIndex = 0;
  while (prompt.slice(SHOT.lastIndex).trim() !== '') {
    const match = SHOT.exec(prompt);
    if (!match || Number(match[1]) !== shots.length + 1) return undefined;
    shots.push({ prompt: (match[3] as string).trim(), duration: Number(match[2]) });
  }
  return shots.length > 0 ? shots : undefined;
}
