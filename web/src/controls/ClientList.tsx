// Every open connection with a button to disconnect it: served first, then the queue in
// order, then those retrying, as the server would reach them.

import { useMemo } from 'react';
import type { ClientView, LabState } from '../../../shared/lab.ts';
import { fill } from '../i18n/format.ts';
import { useMessages } from '../i18n/lang.ts';
import { chipMessages } from '../queue/ClientChip.tsx';
import { controlsMessages } from './controls-messages.ts';
import { ControlError } from './ControlError.tsx';
import { useControl } from './use-control.ts';
import { usePresent } from './use-teacher.ts';

/** Rows drawn; a class rarely needs to pick one out of more. */
export const CLIENTS_SHOWN = 40;

type Phase = 'served' | 'waiting' | 'retrying';

function openClients(lab: LabState): { client: ClientView; phase: Phase }[] {
  const pick = (ids: readonly number[], phase: Phase) =>
    ids.flatMap((id) => {
      const client = lab.clients[id];
      return client ? [{ client, phase }] : [];
    });
  return [
    ...pick(lab.served, 'served'),
    ...pick(lab.queue, 'waiting'),
    ...pick(lab.retrying, 'retrying'),
  ];
}

export function ClientList() {
  const t = useMessages(controlsMessages);
  const kinds = useMessages(chipMessages);
  const lab = usePresent((lab) => lab);
  const { send, busy, error } = useControl();
  const open = useMemo(() => openClients(lab), [lab]);
  const shown = open.slice(0, CLIENTS_SHOWN);

  if (open.length === 0) return <p className="hint">{t.noClients}</p>;
  return (
    <>
      <ul className="client-list">
        {shown.map(({ client, phase }) => (
          <li key={client.id} className={`client-row is-${phase}`}>
            <span className="client-name" title={client.label}>
              {client.label}
            </span>
            <span className={`kind kind--${client.kind}`}>{kinds[client.kind]}</span>
            <span className="client-phase">{t[`phase.${phase}`]}</span>
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              aria-label={fill(t.disconnect, { label: client.label })}
              title={fill(t.disconnect, { label: client.label })}
              onClick={() => void send({ type: 'disconnect', id: client.id })}
            >
              ✕
            </button>
          </li>
        ))}
      </ul>
      {open.length > shown.length && (
        <p className="more">{fill(t.more, { n: open.length - shown.length })}</p>
      )}
      <ControlError error={error} />
    </>
  );
}
