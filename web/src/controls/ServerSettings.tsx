// Mode, backlog and recv size, changed while the server runs. Presets rather than free
// numbers: each choice is one command, and the teacher picks with one click in front of
// the class (recv(16) makes a message split into reads plainly visible).

import { useId } from 'react';
import { Mode, type EchoConfig, type LiveSettings } from '../../../shared/protocol.ts';
import { useMessages } from '../i18n/lang.ts';
import { controlsMessages } from './controls-messages.ts';
import { ControlError } from './ControlError.tsx';
import { BACKLOGS, RECV_SIZES } from './presets.ts';
import { useControl } from './use-control.ts';

/** The presets, plus the server's current value if it was started with another one. */
const choices = (presets: readonly number[], current: number): number[] =>
  presets.includes(current) ? [...presets] : [...presets, current].sort((a, b) => a - b);

export function ServerSettings({ config }: { config: EchoConfig }) {
  const t = useMessages(controlsMessages);
  const { send, busy, error } = useControl();
  const ids = useId();
  const configure = (settings: LiveSettings): void => {
    void send({ type: 'configure', settings });
  };

  return (
    <div className="control-group">
      <fieldset className="segmented" disabled={busy}>
        <legend>{t.mode}</legend>
        {Object.values(Mode).map((mode) => (
          <label key={mode} className={config.mode === mode ? 'is-on' : undefined}>
            <input
              type="radio"
              name={`${ids}-mode`}
              value={mode}
              checked={config.mode === mode}
              onChange={() => configure({ mode })}
            />
            {t[mode]}
          </label>
        ))}
      </fieldset>
      <p className="hint">{t.modeHint}</p>
      <div className="control-row">
        <label className="field">
          <span>{t.backlog}</span>
          <select
            value={config.backlog}
            disabled={busy}
            onChange={(e) => configure({ backlog: Number(e.target.value) })}
          >
            {choices(BACKLOGS, config.backlog).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t.recvSize}</span>
          <select
            value={config.recvSize}
            disabled={busy}
            onChange={(e) => configure({ recvSize: Number(e.target.value) })}
          >
            {choices(RECV_SIZES, config.recvSize).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ControlError error={error} />
    </div>
  );
}
