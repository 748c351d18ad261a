// In classroom mode a page opened without the teacher token is a student's. Said once, in
// the header, with how the teacher gets their own page: whoever opens the plain address on
// the teacher's laptop learns why the controls are missing. The teacher's page says here
// too when this OS cannot name the programs behind raw clients.

import { useMessages, type Messages } from '../i18n/lang.ts';
import { useLab } from '../store/use-lab.ts';
import { inClassroom, programNamesUnavailable } from './classroom.ts';
import './student-note.css';

const messages: Messages<'student' | 'how' | 'noNames'> = {
  en: {
    noNames: 'This system gives no way to see which program a client is (nc, python3…).',
    student: 'Student view',
    how: 'Teacher? Open the "Teacher" address Echo Lab printed in its terminal (it ends in ?token=…).',
  },
  es: {
    noNames: 'Este sistema no permite ver qué programa es cada cliente (nc, python3…).',
    student: 'Vista de estudiante',
    how: '¿Docente? Abre la dirección «Teacher» que Echo Lab mostró en su terminal (termina en ?token=…).',
  },
};

export function StudentNote() {
  const t = useMessages(messages);
  const live = useLab((v) => v.source === 'live' && v.link === 'live');
  const student = useLab((v) => v.role === 'viewer') && live;
  if (live && !student && programNamesUnavailable()) {
    return (
      <p className="student-note muted" role="note">
        {t.noNames}
      </p>
    );
  }
  if (!student || !inClassroom()) return null;
  return (
    <p className="student-note" role="note">
      <strong>{t.student}</strong> <span className="muted">· {t.how}</span>
    </p>
  );
}
