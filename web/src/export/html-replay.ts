// One self-contained .html file that replays a session: the page's own built script and
// styles, inlined, and the session as JSON beside them. Opened from disk it finds the
// session, starts in replay mode and never tries to reach a server.

import type { Lang } from '../i18n/lang.ts';
import { EMBEDDED_SESSION_ID, embeddableJson, type SessionFile } from './session-format.ts';

export interface ReplayParts {
  js: string;
  css: readonly string[];
  session: SessionFile;
  lang: Lang;
  title: string;
  icon?: string;
}

/**
 * Inside a <script> only "</script" and "<!--" mean something to the HTML parser; written
 * as "<\/script" and "<\x21--" they stay the same JavaScript in strings, regexes (unicode
 * ones too) and comments, the only places they can occur in a bundle.
 */
export const inlineScript = (js: string): string =>
  js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\x21--');

/** Inside <style> only "</style" can end it; "\/" is the same "/" in CSS. */
const inlineStyle = (css: string): string => css.replace(/<\/(style)/gi, '<\\/$1');

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"]/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch] ?? ch,
  );

export function buildReplayHtml({ js, css, session, lang, title, icon }: ReplayParts): string {
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="UTF-8" />',
    '<meta name="viewport" content="width=device-width, initial-scale=1.0" />',
    '<meta name="color-scheme" content="light dark" />',
    icon ? `<link rel="icon" href="${escapeHtml(icon)}" />` : '',
    `<title>${escapeHtml(title)}</title>`,
    ...css.map((text) => `<style>\n${inlineStyle(text)}\n</style>`),
    `<script type="application/json" id="${EMBEDDED_SESSION_ID}">${embeddableJson(session)}</script>`,
    '</head>',
    '<body>',
    '<div id="root"></div>',
    `<script type="module">\n${inlineScript(js)}\n</script>`,
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}
