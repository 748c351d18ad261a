// The teacher's moderation controls and the placeholders every page shows, in both languages.

import { fill } from '../i18n/format.ts';
import type { Lang, Messages } from '../i18n/lang.ts';
import type { NameOf } from './moderate.ts';

export const moderationMessages: Messages<
  | 'client'
  | 'hideName'
  | 'showName'
  | 'block'
  | 'blocked'
  | 'unblock'
  | 'unblockOne'
  | 'noneBlocked'
  | 'localHint'
  | 'hideMessage'
  | 'showMessage'
  | 'hide'
  | 'show'
  | 'hiddenName'
  | 'nameHide'
  | 'nameShow'
  | 'blockShort'
> = {
  en: {
    client: 'client {id}',
    hideName: 'Hide name: {label}',
    showName: 'Show name: {label}',
    block: 'Block address {address} for this session',
    blocked: 'Blocked addresses',
    unblock: 'Unblock',
    unblockOne: 'Unblock {address}',
    noneBlocked: 'No blocked addresses.',
    localHint:
      'Blocking this computer (127.0.0.1, ::1) keeps out only its raw TCP clients: its web forms and bots keep working.',
    hideMessage: 'Hide this message from the projection',
    showMessage: 'Show this message again',
    hide: 'Hide',
    show: 'Show',
    hiddenName: 'name hidden',
    nameHide: 'Hide name',
    nameShow: 'Show name',
    blockShort: 'Block address',
  },
  es: {
    client: 'cliente {id}',
    hideName: 'Ocultar nombre: {label}',
    showName: 'Mostrar nombre: {label}',
    block: 'Bloquear dirección {address} durante la sesión',
    blocked: 'Direcciones bloqueadas',
    unblock: 'Desbloquear',
    unblockOne: 'Desbloquear {address}',
    noneBlocked: 'Ninguna dirección bloqueada.',
    localHint:
      'Bloquear este computador (127.0.0.1, ::1) deja fuera solo sus clientes TCP directos: sus formularios web y bots siguen funcionando.',
    hideMessage: 'Ocultar este mensaje de la proyección',
    showMessage: 'Mostrar de nuevo este mensaje',
    hide: 'Ocultar',
    show: 'Mostrar',
    hiddenName: 'nombre oculto',
    nameHide: 'Ocultar nombre',
    nameShow: 'Mostrar nombre',
    blockShort: 'Bloquear dirección',
  },
};

/** What a client whose name is hidden is called: "cliente 7". */
export const neutralName =
  (lang: Lang): NameOf =>
  (id) =>
    fill(moderationMessages[lang].client, { id });
