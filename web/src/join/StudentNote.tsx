// In classroom mode a page opened without the teacher token is a student's. Said once, in
// the header, with how the teacher gets their own page: whoever opens the plain address on
// the teacher's laptop learns why the controls are missing.

import { useMessages, type Messages } from '../i18n/lang.ts';
import { useLab } from '../store/use-lab.ts';
import { inClassroom } from './classroom.ts';
import './student-note.css';

const messages: Messages<'student' | 'how'> = {
  en: {
    student: 'Student view',
    how: 'Teacher? Open the "Teacher" address Echo Lab printed in its terminal (it ends in ?token=…).',
  },
  es: {
    student: 'Vista de estudiante',
    how: '¿Docente? Abre la dirección «Teacher» que Echo Lab mostró en su terminal (termina en ?token=…).',
  },
};

export function StudentNote() {
  const t = useMessages(messages);
  const student = useLab((v) => v.role === 'viewer' && v.source === 'live' && v.link === 'live');
  if (!student || !inClassroom()) return null;
  return (
    <p className="student-note" role="note">
      <strong>{t.student}</strong> <span className="muted">· {t.how}</span>
    </p>
  );
}
