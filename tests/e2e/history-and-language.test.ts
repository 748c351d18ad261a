// A page opened late shows what happened before it (snapshot + history), and a Spanish
// browser gets the Spanish page, down to the accessible names.

import { beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/tcp.ts';
import { shown, startLab, until, type Lab, closeLabAfter } from './helpers.ts';

describe('history and language', () => {
  let lab: Lab;

  beforeAll(async () => {
    lab = await startLab({ namePrograms: false });
  });

  closeLabAfter(() => lab);

  it('a new tab shows what happened before it opened', async () => {
    // A whole session before any page exists...
    const raw = await RawClient.connect(lab.app.addresses.echoPort);
    raw.send('antes de abrir\n');
    await raw.receive(15);
    raw.send('desconectar');
    await raw.waitEnded();

    // ...then a web client in a first tab...
    const first = await lab.open();
    await first.getByRole('textbox', { name: 'Name (optional)' }).fill('Eva');
    await first.getByRole('button', { name: 'Connect', exact: true }).click();
    const eva = first.getByRole('article', { name: 'Eva' });
    await shown(eva.getByText('Being served', { exact: true }));
    await eva.getByRole('textbox', { name: 'Message' }).fill('hola, soy Eva');
    await eva.getByRole('textbox', { name: 'Message' }).press('Enter');
    await until(() => lab.events.some((e) => e.type === 'data.echoed'));

    // ...and a second tab, opened afterwards, sees all of it.
    const late = await lab.open();
    const diagram = late.getByRole('img', { name: 'Sequence diagram' });
    await shown(diagram.getByText(/hola, soy Eva/));
    // The diagram follows the live edge and draws only the rows in view: go back in time.
    await diagram.hover();
    await late.mouse.wheel(0, -100_000);
    // Its column is Eva's now (a closed client's column goes to the next to connect), so
    // its rows name it.
    await shown(diagram.getByText(`127.0.0.1:${raw.localPort} · connect() · SYN`));
    await shown(diagram.getByText(/antes de abrir\\n/));
    const queue = late.getByRole('region', { name: 'Accept queue' });
    await shown(queue.getByRole('list', { name: /^Being served/ }).getByText('Eva'));
    // Web clients belong to the tab that opened them.
    expect(await late.getByRole('article').count()).toBe(0);
    await first.context().close();
  });

  it('speaks Spanish to a Spanish browser, accessible names included', async () => {
    const page = await lab.open({ locale: 'es-ES' });
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await shown(page.getByRole('region', { name: 'Cola de espera' }));
    await shown(page.getByRole('img', { name: 'Diagrama de secuencia' }));
    await page.getByRole('button', { name: 'Conectar', exact: true }).click();

    const card = page.getByRole('article');
    await shown(card.getByText('Atendido', { exact: true }));
    const box = card.getByRole('textbox', { name: 'Mensaje' });
    await box.fill('x'.repeat(201));
    await shown(card.getByRole('alert').getByText(/más de 200 caracteres/));
    await box.fill('¿qué tal?');
    await card.getByRole('button', { name: 'Enviar', exact: true }).click();
    await shown(card.getByText('¿qué tal?', { exact: true }).nth(1));
    await card.getByRole('button', { name: 'Desconectar', exact: true }).click();
    await shown(card.getByText('Cerrado por el servidor (palabra de desconexión)'));
    await shown(card.getByRole('button', { name: 'Quitar', exact: true }));
  });
});
