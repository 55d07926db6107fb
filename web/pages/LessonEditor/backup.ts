import { type LessonDocument } from '../../../src/lessons/document.ts';

/** A draft kept in this browser until the server has it: a lost connection or a closed tab loses nothing. */
export interface Backup {
  document: LessonDocument;
  revision: number;
  at: string;
}

const key = (id: string) => `leergoed.lesson-backup.${id}`;

export function keepBackup(id: string, document: LessonDocument, revision: number): void {
  try {
    window.localStorage.setItem(key(id), JSON.stringify({ document, revision, at: new Date().toISOString() }));
  } catch {
    // A full or blocked storage: the server save is still tried.
  }
}

export function readBackup(id: string): Backup | null {
  try {
    const raw = window.localStorage.getItem(key(id));
    const backup = raw ? (JSON.parse(raw) as Backup) : null;
    return backup && typeof backup.document === 'object' && typeof backup.at === 'string' ? backup : null;
  } catch {
    return null;
  }
}

export function dropBackup(id: string): void {
  try {
    window.localStorage.removeItem(key(id));
  } catch {
    // Nothing to drop.
  }
}
