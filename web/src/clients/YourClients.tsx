// On a student's page: their raw clients (nc, the homework's Python client) found by the
// address the page comes from, each with where the server has it and a name to give it.
// Their web clients are the cards below; these are the ones they typed in a terminal.

import { useId, useState, type FormEvent } from 'react';
import type { ClientView, LabState } from '../../../shared/lab.ts';
import { NAME_CHARS } from '../../../shared/schema/bounds.ts';
import { fill } from '../i18n/format.ts';
import { useMessages, type Messages } from '../i18n/lang.ts';
import { useShownPresent } from '../moderation/use-moderation.ts';
import { useLabStore } from '../store/use-lab.ts';
import { cardMessages } from './client-card-messages.ts';
import { isFrom, useYourAddress, youMessages } from './yours.ts';
import './yours.css';

const messages: Messages<
  'title' | 'from' | 'none' | 'name' | 'placeholder' | 'rename' | 'renamed'
> = {
  en: {
    title: 'Your TCP clients',
    from: 'from {address}, this computer',
    none: 'An nc or Python client you connect from this computer shows up here, marked "you".',
    name: 'Name for {client}',
    placeholder: 'Name',
    rename: 'Name it',
    renamed: 'Named.',
  },
  es: {
    title: 'Tus clientes TCP',
    from: 'desde {address}, este computador',
    none: 'Un cliente nc o Python que conectes desde este computador aparece aquí, marcado "tú".',
    name: 'Nombre para {client}',
    placeholder: 'Nombre',
    rename: 'Nombrar',
    renamed: 'Listo.',
  },
};

function whereText(client: ClientView, lab: LabState, t: Record<string, string>): string {
  switch (client.phase) {
    case 'retrying':
      return t.retrying ?? '';
    case 'waiting':
      return fill(t.waiting ?? '', {
        place: lab.queue.indexOf(client.id) + 1,
        backlog: lab.config?.backlog ?? lab.queue.length,
      });
    default:
      return t.served ?? '';
  }
}

function YourClient({ client, lab }: { client: ClientView; lab: LabState }) {
  const t = useMessages(messages);
  const card = useMessages(cardMessages);
  const you = useMessages(youMessages);
  const store = useLabStore();
  const [name, setName] = useState('');
  const [answer, setAnswer] = useState<string | null>(null);
  const ids = useId();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!name.trim()) return;
    const result = await store.control({ type: 'name', id: client.id, name });
    setAnswer(result.ok ? t.renamed : result.error);
    if (result.ok) setName('');
  };

  return (
    <li className={`yours-client yours-client--${client.phase}`}>
      <span className="yours-label" title={client.label}>
        {client.label}
      </span>
      <span className="kind kind--you" title={you.youTitle}>
        {you.you}
      </span>
      <span className="yours-where">{whereText(client, lab, card)}</span>
      <form className="yours-form" onSubmit={(e) => void submit(e)}>
        <label htmlFor={`${ids}-name`} className="visually-hidden">
          {fill(t.name, { client: client.label })}
        </label>
        <input
          id={`${ids}-name`}
          className="yours-name"
          value={name}
          maxLength={NAME_CHARS}
          autoComplete="off"
          placeholder={t.placeholder}
          onChange={(e) => {
            setName(e.target.value);
            setAnswer(null);
          }}
        />
        <button type="submit" className="button" disabled={!name.trim()}>
          {t.rename}
        </button>
        {answer && (
          <span className="yours-answer" role="status">
            {answer}
          </span>
        )}
      </form>
    </li>
  );
}

/** Nothing on the teacher's page (see yours.ts), nor on a replay. */
export function YourClients() {
  const t = useMessages(messages);
  const address = useYourAddress();
  const lab = useShownPresent();
  const ids = useId();
  if (address === null) return null;
  const mine = Object.values(lab.clients).filter(
    (c) => c.kind === 'raw' && c.phase !== 'closed' && isFrom(c, address),
  );
  return (
    <section
      className={mine.length === 0 ? 'yours yours--empty' : 'yours'}
      aria-labelledby={`${ids}-title`}
    >
      <h3 id={`${ids}-title`} className="yours-title">
        {t.title} <span className="muted">{fill(t.from, { address })}</span>
      </h3>
      {mine.length === 0 ? (
        <p className="note">{t.none}</p>
      ) : (
        <ul className="yours-list">
          {mine.map((client) => (
            <YourClient key={client.id} client={client} lab={lab} />
          ))}
        </ul>
      )}
    </section>
  );
}
