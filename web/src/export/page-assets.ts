// The page's own script and styles as text, for the replay file. Kept apart from
// html-replay.ts, which is pure and tested under Node.

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/**
 * The page's script and styles as text: fetched from the built page's own <script src> and
 * <link rel=stylesheet>, or read from the page itself when it already is a replay file.
 */
export async function pageAssets(doc: Document = document): Promise<{ js: string; css: string[] }> {
  const script = doc.querySelector<HTMLScriptElement>('script[type="module"]');
  if (!script) throw new Error('no module script on this page');
  const links = [...doc.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"][href]')];
  const inlineStyles = [...doc.querySelectorAll('style')].map((s) => s.textContent ?? '');
  const [js, ...css] = await Promise.all([
    script.src ? fetchText(script.src) : Promise.resolve(script.textContent ?? ''),
    ...links.map((link) => fetchText(link.href)),
  ]);
  return { js: js ?? '', css: [...css, ...inlineStyles] };
}
