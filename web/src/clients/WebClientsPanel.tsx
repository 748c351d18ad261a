import { useId, useState, type FormEvent } from 'react';
import { NAME_CHARS } from '../../../shared/schema/bounds.ts';
import { fill } from '../i18n/format.ts';
import { useMessages, type Messages } from '../i18n/lang.ts';
import { ClientCard } from './ClientCard.tsx';
import { useWebClients, useWebClientsStore } from './use-web-clients.ts';
import { CardPhase, MAX_CARDS } from './web-clients.ts';
import { YourClients } from './YourClients.tsx';
import { useYourAddress } from './yours.ts';

const messages: Messages<
  'title' | 'intro' | 'name' | 'connect' | 'removeClosed' | 'full' | 'open' | 'openOne'
> = {
  en: {
    title: 'Web clients',
    intro:
      'Each card is a real TCP client of the echo server, like nc: open a few to fill the queue.',
    name: 'Name (optional)',
    connect: 'Connect',
    removeClosed: 'Remove closed',
    full: 'At most {max} web clients at once; close one first.',
    open: '{open} open',
    openOne: '1 open',
  },
  es: {
    title: 'Clientes web',
    intro:
      'Cada tarjeta es un cliente TCP real del servidor de eco, como nc: abre varias para llenar la cola.',
    name: 'Nombre (opcional)',
    connect: 'Conectar',
    removeClosed: 'Quitar cerrados',
    full: 'Como mucho {max} clientes web a la vez; cierra uno primero.',
    open: '{open} abiertos',
    openOne: '1 abierto',
  },
};

/** The page's own clients: "Connect" adds a card; several at once fill the queue. */
export function WebClientsPanel() {
  const t = useMessages(messages);
  const store = useWebClientsStore();
  const cards = useWebClients();
  const [name, setName] = useState('');
  const [full, setFull] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const ids = useId();
  // A student's page on a phone puts these first (yours.css): they are what a phone is for.
  const student = useYourAddress() !== null;
  const open = cards.filter((c) => c.phase !== CardPhase.closed).length;
  const closed = cards.length - open;

  const connect = (event: FormEvent): void => {
    event.preventDefault();
    const key = store.connect(name);
    setFull(key === null);
    setAdded(key);
    if (key !== null) setName('');
  };

  return (
    <section
      className={`panel clients-panel${student ? ' clients-panel--student' : ''}`}
      aria-labelledby={`${ids}-title`}
    >
      <header className="panel-head clients-head">
        <h2 id={`${ids}-title`}>{t.title}</h2>
        {cards.length > 0 && (
          <span className="count">{open === 1 ? t.openOne : fill(t.open, { open })}</span>
        )}
        <form className="connect-form" onSubmit={connect}>
          <label htmlFor={`${ids}-name`} className="visually-hidden">
            {t.name}
          </label>
          <input
            id={`${ids}-name`}
            className="connect-name"
            placeholder={t.name}
            value={name}
            maxLength={NAME_CHARS}
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button button--primary">
            {t.connect}
          </button>
          {closed > 0 && (
            <button type="button" className="button" onClick={() => store.removeClosed()}>
              {t.removeClosed}
            </button>
          )}
        </form>
        {cards.length === 0 && <p className="note">{t.intro}</p>}
      </header>
      <YourClients />
      {full && (
        <p className="note" role="status">
          {fill(t.full, { max: MAX_CARDS })}
        </p>
      )}
      {cards.length > 0 && (
        <div className="cards">
          {cards.map((card) => (
            <ClientCard key={card.key} card={card} focus={card.key === added} />
          ))}
        </div>
      )}
    </section>
  );
}
