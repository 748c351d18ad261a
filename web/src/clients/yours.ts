// Which clients are this student's own: the raw ones from the page's address (their nc,
// their Python client) and the web clients of their pages. Only a student's page marks
// them: on the teacher's page, every client of this machine would be "you", and the
// projected page would tell the class the teacher's clients are theirs.

import { useMemo } from 'react';
import type { ClientView, LabState } from '../../../shared/lab.ts';
import type { Messages } from '../i18n/lang.ts';
import { useLab } from '../store/use-lab.ts';
import { pageAddress } from './page-key.ts';

export const youMessages: Messages<'you' | 'youTitle'> = {
  en: { you: 'you', youTitle: 'From your address: one of your clients' },
  es: { you: 'tú', youTitle: 'Desde tu dirección: uno de tus clientes' },
};

/** Whether `client` came from `address` and is a student's to call theirs (not a bot). */
export const isFrom = (client: ClientView, address: string | null): boolean =>
  address !== null && client.kind !== 'bot' && client.address === address;

/** This page's address when it is a student's live page, else null (nothing is marked). */
export function useYourAddress(): string | null {
  // Read inside the selector: the address arrives with a snapshot, which the store announces.
  return useLab((v) => (v.role === 'viewer' && v.source === 'live' ? pageAddress() : null));
}

/** The ids of this student's clients among `lab`'s, open or closed. */
function yourIds(lab: LabState, address: string | null): ReadonlySet<number> {
  const ids = new Set<number>();
  if (address === null) return ids;
  for (const client of Object.values(lab.clients)) if (isFrom(client, address)) ids.add(client.id);
  return ids;
}

export function useYourIds(lab: LabState): ReadonlySet<number> {
  const address = useYourAddress();
  return useMemo(() => yourIds(lab, address), [lab, address]);
}
