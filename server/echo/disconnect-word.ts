/**
 * Whether a read is the disconnect word: the word alone, with an optional \n or \r\n so nc
 * and telnet users can type it, compared as bytes (the word is sent as UTF-8).
 */
export function wordMatcher(word: string): (data: Buffer) => boolean {
  const words = [word, `${word}\n`, `${word}\r\n`].map((w) => Buffer.from(w));
  const longest = words[2]?.length ?? 0;
  return (data) => data.length <= longest && words.some((w) => w.equals(data));
}
