import type { LessonDocument } from './document.ts';

/**
 * Something a lesson still lacks before it can be published, said where it is: the block (a
 * section's or an item's id; null for the lesson's own facts) and the field within it, in Dutch
 * and English sentences that say what to do.
 */
export interface CompletenessProblem {
  block: string | null;
  field: string;
  nl: string;
  en: string;
}

const lacks = (block: string | null, field: string, nl: string, en: string): CompletenessProblem => ({
  block,
  field,
  nl,
  en,
});

/**
 * What a draft still lacks to be published, in the order a reader meets it. A draft is saved with
 * all of this missing (a teacher's half-typed work is never refused); publishing asks for it whole.
 */
export function completenessProblems(doc: LessonDocument): CompletenessProblem[] {
  const problems: CompletenessProblem[] = [];
  if (!doc.title.trim()) problems.push(lacks(null, 'title', 'Geef de les een titel.', 'Give the lesson a title.'));
  // A lesson of one part needs no part title; with more parts, each part with content is named.
  const usedParts = doc.sections.filter((s) => s.variants.some((v) => v.items.length > 0)).length;
  for (const section of doc.sections) {
    const used = section.variants.some((v) => v.items.length > 0);
    if (used && usedParts > 1 && !section.title.trim())
      problems.push(
        lacks(
          section.id,
          'title',
          'Geef dit deel een titel, zodat leerlingen weten waar ze zijn.',
          'Give this part a title, so pupils know where they are.',
        ),
      );
    for (const variant of section.variants) {
      for (const item of variant.items) {
        if (item.type === 'text' && !item.markdown.trim())
          problems.push(
            lacks(
              item.id,
              'markdown',
              'Dit tekstblok is leeg: schrijf de tekst of haal het blok weg.',
              'This text block is empty: write the text or remove the block.',
            ),
          );
        if (item.type === 'task') {
          if (!item.task.question.trim())
            problems.push(
              lacks(item.id, 'question', 'Schrijf de vraag van deze opdracht.', 'Write the question of this task.'),
            );
          if (item.task.kind === 'choice') {
            item.task.options.forEach((option, o) => {
              if (!option.text.trim())
                problems.push(
                  lacks(
                    item.id,
                    `options/${o}/text`,
                    `Antwoord ${o + 1} is leeg: vul het in of haal het weg.`,
                    `Answer ${o + 1} is empty: fill it in or remove it.`,
                  ),
                );
            });
            if (item.task.options.length < 2)
              problems.push(
                lacks(
                  item.id,
                  'options',
                  'Een meerkeuzevraag heeft minstens twee antwoorden.',
                  'A multiple-choice question needs at least two answers.',
                ),
              );
            if (!item.task.options.some((o) => o.correct))
              problems.push(
                lacks(item.id, 'options', 'Vink aan welk antwoord goed is.', 'Tick the answer that is right.'),
              );
          }
        }
        if (item.type === 'closed') {
          if (!item.title.trim())
            problems.push(
              lacks(
                item.id,
                'title',
                'Geef de methode of het hoofdstuk een titel.',
                'Give the method or chapter a title.',
              ),
            );
          if (!isHttpUrl(item.url))
            problems.push(
              lacks(
                item.id,
                'url',
                'Vul een volledig webadres in dat begint met https:// of http://.',
                'Fill in a full web address starting with https:// or http://.',
              ),
            );
        }
      }
    }
  }
  return problems;
}

/** Whether a string is a full http(s) address. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
