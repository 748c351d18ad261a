// Every open connection with buttons to disconnect it, hide its name and block its address:
// served first, then the queue in order, then those retrying, as the server would reach
// them. Then the addresses blocked so far.

import { useMemo } from 'react';
import type { ClientView, LabState } from '../../../shared/lab.ts';
import { fill, format } from '../i18n/format.ts';
import { useLang, useMessages } from '../i18n/lang.ts';
import { BlockedList } from '../moderation/BlockedList.tsx';
import { isLocalAddress } from '../moderation/moderate.ts';
import { moderationMessages } from '../moderation/moderation-messages.ts';
import { useModeration, useShownPresent } from '../moderation/use-moderation.ts';
import { chipMessages } from '../queue/ClientChip.tsx';
import { controlsMessages } from './controls-messages.ts';
import { ControlError } from './ControlError.tsx';
import { useControl } from './use-control.ts';

/** Rows drawn; a class rarely needs to pick one out of more. */
const CLIENTS_SHOWN = 40;

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
  const lang = useLang();
  const kinds = useMessages(chipMessages);
  const mt = useMessages(moderationMessages);
  // The teacher's page is the projection: hidden names stay hidden here too.
  const lab = useShownPresent();
  const moderation = useModeration();
  const { send, busy, error } = useControl();
  const open = useMemo(() => openClients(lab), [lab]);
  const shown = open.slice(0, CLIENTS_SHOWN);

  return (
    <>
      {open.length === 0 ? (
        <p className="hint">{t.noClients}</p>
      ) : (
        <ul className="client-list">
          {shown.map(({ client, phase }) => {
            const hidden = moderation.names.includes(client.id);
            const { label, address } = client;
            // Blocking this computer would not reach its own web forms and bots.
            const blockable = client.kind === 'raw' || !isLocalAddress(address);
            return (
              <li
                key={client.id}
                className={`client-row is-${phase}${hidden ? ' is-name-hidden' : ''}`}
              >
                <span className="client-name" title={label}>
                  {label}
                </span>
                <span className={`kind kind--${client.kind}`}>{kinds[client.kind]}</span>
                <span className="client-phase">{t[`phase.${phase}`]}</span>
                <span className="client-actions">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={busy}
                    aria-label={fill(hidden ? mt.showName : mt.hideName, { label })}
                    title={fill(hidden ? mt.showName : mt.hideName, { label })}
                    onClick={() => void send({ type: 'hideName', id: client.id, hidden: !hidden })}
                  >
                    {hidden ? mt.nameShow : mt.nameHide}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={busy || !blockable || moderation.blocked.includes(address)}
                    aria-label={fill(mt.block, { address })}
                    title={fill(mt.block, { address })}
                    onClick={() => void send({ type: 'block', address })}
                  >
                    {mt.blockShort}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={busy}
                    aria-label={fill(t.disconnect, { label })}
                    title={fill(t.disconnect, { label })}
                    onClick={() => void send({ type: 'disconnect', id: client.id })}
                  >
                    ✕
                  </button>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {open.length > shown.length && (
        <p className="more">{format(t.more, { n: open.length - shown.length }, lang)}</p>
      )}
      <ControlError error={error} />
      <BlockedList />
    </>
  );
}
