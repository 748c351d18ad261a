// --run in Chromium: the student's own server on the page, in Spanish and English.

import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canTrace, freePort } from '../support/traced-app.ts';
import { FIXTURES, lineOf } from '../support/traced-python.ts';
import { RawClient } from '../support/tcp.ts';
import { closeLabAfter, shown, snap, startLab, until, type Lab } from './helpers.ts';

const SERVER = path.join(FIXTURES, 'servidor.py');

describe.skipIf(!canTrace)('a student server on the page (--run)', () => {
  let lab: Lab;
  let port: number;
  const raws: RawClient[] = [];
  beforeAll(async () => {
    port = await freePort();
    lab = await startLab({
      run: { command: ['python3', 'servidor.py', String(port)], cwd: FIXTURES },
    });
  });
  closeLabAfter(() => lab, raws);

  it('shows its file with the line it is blocked on, its output, and no step mode (es)', async () => {
    const page = await lab.open({ locale: 'es-CL', viewport: { width: 1280, height: 720 } });
    await shown(page.getByText('El paso a paso no está disponible', { exact: false }));
    await page.getByRole('tab', { name: /Código/ }).click();
    const code = page.getByRole('region', { name: 'Código de servidor.py' });
    await shown(code);

    const first = await RawClient.connect(port);
    raws.push(first);
    await until(() => lab.app.hub.lab.served.length === 1);
    const recvLine = lineOf(SERVER, '.recv(1024)');
    const current = code.locator('.code-line.is-current');
    await shown(current);
    await until(() => lab.app.hub.lab.child?.at?.line === recvLine);
    await expect.poll(() => current.textContent()).toContain('recv(1024)');
    await expect.poll(() => current.textContent()).toContain('bloqueado aquí');
    await shown(page.getByText(`Línea ${recvLine}: el programa está dentro de recv()`));
    await shown(code.getByText('Conexion establecida con:', { exact: false }));
    // The diagram names the program and the backlog it asked for, and claims no other setting.
    const listening = page.getByText(
      `servidor.py ${port} escuchando en 127.0.0.1:${port} · listen(5)`,
    );
    await shown(listening);
    const visible = page.getByText('iterativo', { exact: false }).filter({ visible: true });
    expect(await visible.count()).toBe(0);

    first.send('hola');
    await first.receive(4);
    await shown(page.getByText('leídos 4 B', { exact: false }));
    // On a 1280×720 screen the output gives way: the line it is blocked on (wrapped, with
    // its mark) and the sentence about it stay whole, and the output keeps its last lines.
    const whole = await page.evaluate<boolean[]>(`(() => {
      const code = document.querySelector('.traced-code .code');
      const line = code.querySelector('.code-line.is-current').getBoundingClientRect();
      const box = code.getBoundingClientRect();
      const now = document.querySelector('[data-testid="traced-now"]');
      const output = document.querySelector('.child-output');
      return [
        line.top >= box.top - 1 && line.bottom <= box.bottom + 1,
        now.scrollHeight <= now.clientHeight + 1,
        output.clientHeight >= 30,
      ];
    })()`);
    expect(whole).toEqual([true, true, true]);
    await snap(page, 'traced-es');
  });

  it('shows its exit with the traceback and restarts it for the teacher (en)', async () => {
    const page = await lab.open({ locale: 'en-US', viewport: { width: 1280, height: 720 } });
    await page.getByRole('tab', { name: /Code/ }).click();
    const served = lab.app.hub.lab.served[0];
    expect(served).toBeDefined();
    raws[0]?.send(Buffer.from([0xff]));
    await shown(page.getByText('ended with exit code 1'));
    await shown(page.getByText('the program ended · exit code 1'));
    await shown(page.getByText('UnicodeDecodeError', { exact: false }));
    const pid = lab.app.hub.lab.child?.info.pid;
    await page.getByRole('button', { name: 'Start again' }).click();
    await until(() => (lab.app.hub.lab.child?.info.pid ?? pid) !== pid);
    // It died holding a connection, so its port sits in TIME_WAIT: without SO_REUSEADDR
    // the homework's bind() fails, and the page shows it as the program said it.
    await shown(page.getByText('Address already in use', { exact: false }), 15_000);
    await shown(page.getByText('ended with exit code 1'));
  });
});
