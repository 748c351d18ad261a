import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Splits a command into words as a POSIX shell would for plain words, quotes and
 * backslashes, without running a shell: no variables, globs, pipes or redirections, which
 * stay as they are written. Throws on an unclosed quote.
 */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) {
        word += text[++i];
      } else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new Error(`an unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

const runnable = (file: string): boolean => {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** The file a program name runs, as the shell would find it (a name with a slash is a path). */
export function findProgram(
  name: string,
  cwd: string,
  searchPath = process.env.PATH ?? '',
): string | null {
  if (name.includes('/') || (process.platform === 'win32' && name.includes('\\'))) {
    const file = path.resolve(cwd, name);
    return runnable(file) ? file : null;
  }
  const endings = process.platform === 'win32' ? ['', '.exe', '.cmd', '.bat'] : [''];
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ending of endings) {
      const file = path.join(dir, name + ending);
      if (runnable(file)) return file;
    }
  }
  return null;
}
