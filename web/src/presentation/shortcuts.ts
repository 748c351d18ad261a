// The timeline's and the page's own keyboard shortcuts, for the help overlay, in the same
// shape as the teaching layer's list so the overlay can show both in one table.

export interface PageShortcut {
  /** The keys as printed on the keyboard, in the order they are pressed together. */
  keys: readonly string[];
  en: string;
  es: string;
}

export const PAGE_SHORTCUTS: readonly PageShortcut[] = [
  { keys: ['Space'], en: 'Pause or resume', es: 'Pausar o reanudar' },
  { keys: ['←'], en: 'Step back one event', es: 'Retroceder un evento' },
  { keys: ['→'], en: 'Step forward one event', es: 'Avanzar un evento' },
  { keys: ['Home'], en: 'Oldest event kept', es: 'Primer evento guardado' },
  { keys: ['End'], en: 'Back to live', es: 'Seguir en vivo' },
  { keys: ['?'], en: 'Show these shortcuts', es: 'Mostrar estos atajos' },
  {
    keys: ['Esc'],
    en: 'Close this window; in a text field, leave it so the keys work again',
    es: 'Cerrar esta ventana; en un campo de texto, salir de él para que las teclas vuelvan a funcionar',
  },
];
