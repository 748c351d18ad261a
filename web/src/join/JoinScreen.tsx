// The join screen, for the projector: the address students open, huge, its QR code, the
// nc command, and how many students' pages and clients are connected. Only classroom mode
// has one. The server makes the QR codes (GET /api/join), so the page carries no encoder.

import { useEffect, useId, useState } from 'react';
import type { JoinInfo } from '../../../shared/protocol.ts';
import { fill } from '../i18n/format.ts';
import { useMessages, type Messages } from '../i18n/lang.ts';
import { useModalDialog } from '../presentation/use-modal-dialog.ts';
import { useLab } from '../store/use-lab.ts';
import './join.css';

const messages: Messages<
  | 'title'
  | 'open'
  | 'or'
  | 'qr'
  | 'pages'
  | 'pagesHint'
  | 'clients'
  | 'retrying'
  | 'others'
  | 'loading'
  | 'failed'
  | 'close'
> = {
  en: {
    title: 'Join the class',
    open: 'Open in your browser',
    or: 'or connect over TCP',
    qr: 'QR code of {url}',
    pages: 'Student pages open',
    pagesHint: 'pages open without the teacher token, on any machine',
    clients: 'Clients connected',
    retrying: 'retrying',
    others: 'Other addresses of this machine (if that one does not work):',
    loading: 'Asking the server for its addresses…',
    failed: 'The server did not answer ({why}); the address is in its terminal.',
    close: 'Close',
  },
  es: {
    title: 'Únete a la clase',
    open: 'Abre en tu navegador',
    or: 'o conéctate por TCP',
    qr: 'Código QR de {url}',
    pages: 'Páginas de estudiantes abiertas',
    pagesHint: 'páginas abiertas sin el token del docente, en cualquier equipo',
    clients: 'Clientes conectados',
    retrying: 'reintentando',
    others: 'Otras direcciones de este equipo (si esa no funciona):',
    loading: 'Preguntando al servidor sus direcciones…',
    failed: 'El servidor no respondió ({why}); la dirección está en su terminal.',
    close: 'Cerrar',
  },
};

/** How often the screen asks for the number of students' pages while it is open. */
const POLL_MS = 2_000;

function useJoinInfo(open: boolean): { info: JoinInfo | null; error: string | null } {
  const [info, setInfo] = useState<JoinInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    let stopped = false;
    const ask = (): void => {
      fetch('/api/join', { cache: 'no-store' })
        .then((res) =>
          res.ok
            ? (res.json() as Promise<JoinInfo>)
            : Promise.reject(new Error(`HTTP ${res.status}`)),
        )
        .then(
          (next) => stopped || (setInfo(next), setError(null)),
          (why: unknown) => stopped || setError(why instanceof Error ? why.message : String(why)),
        );
    };
    ask();
    const timer = setInterval(ask, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [open]);
  return { info, error };
}

/** "http://" and the trailing "/" are dimmed: browsers add them, the rest must be typed. */
function BigUrl({ url }: { url: string }) {
  const [, scheme = '', rest = url, slash = ''] = /^(https?:\/\/)(.*?)(\/?)$/.exec(url) ?? [];
  return (
    <p className="join-url">
      <span className="join-dim">{scheme}</span>
      {rest}
      <span className="join-dim">{slash}</span>
    </p>
  );
}

export default function JoinScreen({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useMessages(messages);
  const { ref, onKeyDown } = useModalDialog(open);
  const titleId = useId();
  const { info, error } = useJoinInfo(open);
  const [chosen, setChosen] = useState(0);
  // The live present, whatever the timeline shows: who is connected now.
  const connected = useLab((v) => v.present.served.length + v.present.queue.length);
  const retrying = useLab((v) => v.present.retrying.length);

  const addresses = info?.addresses ?? [];
  const shown = addresses[chosen] ?? addresses[0];
  const host = shown ? (shown.host.includes(':') ? `[${shown.host}]` : shown.host) : '';

  return (
    <dialog
      ref={ref}
      className="join"
      aria-labelledby={titleId}
      onClose={onClose}
      onKeyDown={onKeyDown}
    >
      <header className="join-head">
        <h2 id={titleId}>{t.title}</h2>
        <button type="button" className="button" onClick={onClose} autoFocus>
          {t.close}
        </button>
      </header>
      {!shown && <p className="muted">{error ? fill(t.failed, { why: error }) : t.loading}</p>}
      {shown && info && <p className="join-lead">{t.open}</p>}
      {shown && <BigUrl url={shown.url} />}
      {shown && info && (
        <div className="join-body">
          <img
            className="join-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(shown.qrSvg)}`}
            alt={fill(t.qr, { url: shown.url })}
            data-url={shown.url}
          />
          <div className="join-text">
            <p className="join-lead">{t.or}</p>
            <p className="join-nc">
              <code>
                nc {host} {info.echoPort}
              </code>
            </p>
            <dl className="join-counts">
              <div title={t.pagesHint}>
                <dt>{t.pages}</dt>
                <dd data-count="pages">{info.watching}</dd>
              </div>
              <div>
                <dt>{t.clients}</dt>
                <dd data-count="clients">
                  {connected}
                  {retrying > 0 && (
                    <span className="join-dim">
                      {' '}
                      (+{retrying} {t.retrying})
                    </span>
                  )}
                </dd>
              </div>
            </dl>
          </div>
        </div>
      )}
      {addresses.length > 1 && (
        <footer className="join-others">
          <p className="muted">{t.others}</p>
          <ul>
            {addresses.map((a, i) => (
              <li key={a.url}>
                <button
                  type="button"
                  className="button"
                  aria-pressed={a === shown}
                  onClick={() => setChosen(i)}
                >
                  {a.url}
                </button>
              </li>
            ))}
          </ul>
        </footer>
      )}
    </dialog>
  );
}
