// The code panel's Python: every server step on exactly one line, the real settings in it,
// and colouring that never loses a character.

import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../shared/protocol.ts';
import { tokenize } from '../web/src/teaching/code-tokens.ts';
import {
  clientCode,
  codeSpot,
  CodeStep,
  pyString,
  serverCode,
} from '../web/src/teaching/server-code.ts';

const config = { ...DEFAULTS, port: 8000 };
const text = (lines: { text: string }[]): string => lines.map((l) => l.text).join('\n');

describe('server code', () => {
  for (const mode of ['iterative', 'concurrent'] as const) {
    for (const lang of ['en', 'es'] as const) {
      it(`${mode} in ${lang}: each step on exactly one line`, () => {
        const lines = serverCode({ ...config, mode }, lang);
        for (const step of Object.values(CodeStep)) {
          expect(
            lines.filter((l) => l.step === step),
            step,
          ).toHaveLength(1);
        }
        // Narrow enough for the side column on a projector.
        for (const l of lines) expect(l.text.length, l.text).toBeLessThanOrEqual(52);
      });
    }
  }

  it('shows the real settings', () => {
    const code = text(serverCode({ ...config, backlog: 3, recvSize: 16, port: 9001 }, 'en'));
    expect(code).toContain("ADDRESS = ('127.0.0.1', 9001)");
    expect(code).toContain('server.listen(3)');
    expect(code).toContain('data = conn.recv(16)');
    expect(code).toContain("if data.rstrip(b'\\r\\n') == b'desconectar':");
    expect(code).toContain('conn.sendall(data)');
  });

  it("uses the homework's Spanish names in Spanish", () => {
    const code = text(serverCode(config, 'es'));
    expect(code).toContain('cliente, direccion = servidor.accept()');
    expect(code).toContain('datos = cliente.recv(1024)');
  });

  it('is threaded in concurrent mode', () => {
    const code = text(serverCode({ ...config, mode: 'concurrent' }, 'en'));
    expect(code).toContain('import threading');
    expect(code).toContain('thread.start()');
  });

  it('escapes a disconnect word with quotes', () => {
    expect(pyString("it's")).toBe("'it\\'s'");
    expect(text(serverCode({ ...config, disconnectWord: "bye'" }, 'en'))).toContain("b'bye\\''");
  });
});

describe('client code', () => {
  it("has the homework's 200-character check and the word", () => {
    const code = text(clientCode({ ...config, maxMessage: 120 }, 'en'));
    expect(code).toContain('if len(text) > 120:');
    expect(code).toContain("if text == 'desconectar':");
    expect(code).toContain('client.sendall(text.encode())');
  });
});

describe('codeSpot', () => {
  it('follows the step and whether step mode holds it', () => {
    expect(codeSpot({ step: 'accept', stepClient: null, paused: false })).toEqual({
      step: 'accept',
      held: false,
      client: null,
    });
    expect(codeSpot({ step: 'send', stepClient: 4, paused: true })).toEqual({
      step: 'send',
      held: true,
      client: 4,
    });
    expect(codeSpot({ step: 'stopped', stepClient: null, paused: false })).toBeNull();
  });
});

describe('tokenize', () => {
  it('colours keywords, strings, calls and comments and keeps every character', () => {
    const line = "        if data.rstrip(b'\\r\\n') == b'desconectar':  # the word";
    const tokens = tokenize(line);
    expect(tokens.map((t) => t.text).join('')).toBe(line);
    expect(tokens.find((t) => t.kind === 'keyword')?.text).toBe('if');
    expect(tokens.filter((t) => t.kind === 'string').map((t) => t.text)).toEqual([
      "b'\\r\\n'",
      "b'desconectar'",
    ]);
    expect(tokens.at(-1)).toEqual({ kind: 'comment', text: '# the word' });
    expect(tokenize('conn.recv(1024)').map((t) => t.kind)).toEqual([
      'plain',
      'call',
      'plain',
      'number',
      'plain',
    ]);
  });

  it('never loses characters of every line it will be given', () => {
    for (const lang of ['en', 'es'] as const) {
      for (const l of [...serverCode(config, lang), ...clientCode(config, lang)]) {
        expect(
          tokenize(l.text)
            .map((t) => t.text)
            .join(''),
        ).toBe(l.text);
      }
    }
  });
});
