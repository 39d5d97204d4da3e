// What the language features hand to their adapters: completions and quick fixes as plain data.
// Kept apart from the features so one feature can name another's results without an import cycle.
import type { TextEdit } from '../text';

export interface Completion {
  label: string;
  kind: 'property' | 'enum' | 'reference' | 'address' | 'mac' | 'item' | 'value';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert; a snippet (`${1}` placeholders) when `snippet` is set. Lines after the first are relative to the line's indentation. */
  insertText: string;
  snippet: boolean;
  start: number;
  end: number;
  filterText?: string;
  sortText?: string;
  preselect?: boolean;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The one obvious fix (VS Code offers it first and on auto-fix). */
  preferred: boolean;
}
