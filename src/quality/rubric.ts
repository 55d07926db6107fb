/**
 * The review rubric, as data: versioned, in Dutch and English. Version 1 is adapted from the
 * dimensions of the Achieve OER rubrics (alignment, explanation, tasks, technical quality,
 * accessibility) that fit primary and secondary education, with openness of licence and format
 * added because reuse is what an open platform is for. Every dimension is scored 0–3 with a
 * written reason; "not applicable" is a choice of its own, never a zero.
 */
export interface RubricText {
  name: string;
  question: string;
  /** What each score means, 0 to 3. */
  levels: [string, string, string, string];
}

export interface RubricDimension {
  key: string;
  nl: RubricText;
  en: RubricText;
}

export interface Rubric {
  id: string;
  version: number;
  publishedAt: string;
  basedOn: { name: string; url: string };
  scale: { min: 0; max: 3 };
  dimensions: RubricDimension[];
}

export const RUBRIC_DIMENSIONS = [
  'alignment',
  'explanation',
  'tasks',
  'technical',
  'accessibility',
  'openness',
] as const;
export type RubricDimensionKey = (typeof RUBRIC_DIMENSIONS)[number];

export const RUBRIC: Rubric = {
  id: 'leergoed-po-vo',
  version: 1,
  publishedAt: '2026-12-04',
  basedOn: { name: 'Achieve OER Rubrics', url: 'https://www.achieve.org/publications/achieve-oer-rubrics' },
  scale: { min: 0, max: 3 },
  dimensions: [
    {
      key: 'alignment',
      nl: {
        name: 'Aansluiting bij leerdoelen',
        question: 'Sluit het materiaal aan bij de kerndoelen of leerdoelen die het noemt, op het niveau dat het noemt?',
        levels: [
          'Geen herkenbare aansluiting bij een kerndoel of leerdoel.',
          'Raakt een leerdoel, maar slechts zijdelings of op een ander niveau.',
          'Sluit aan bij de genoemde leerdoelen op het genoemde niveau.',
          'Sluit volledig aan en maakt voor leerlingen zichtbaar wat ze leren.',
        ],
      },
      en: {
        name: 'Alignment to objectives',
        question: 'Does the material fit the core or learning objectives it names, at the level it names?',
        levels: [
          'No recognisable fit with a core or learning objective.',
          'Touches an objective, but only in passing or at another level.',
          'Fits the named objectives at the named level.',
          'Fits them fully and shows pupils what they learn.',
        ],
      },
    },
    {
      key: 'explanation',
      nl: {
        name: 'Kwaliteit van de uitleg',
        question: 'Is de uitleg juist, helder en passend bij de leeftijd en het niveau?',
        levels: [
          'Bevat fouten of is onbegrijpelijk voor de doelgroep.',
          'Juist, maar onvolledig of moeilijk te volgen.',
          'Juist en helder voor de doelgroep.',
          'Juist, helder en met voorbeelden die het begrip verdiepen.',
        ],
      },
      en: {
        name: 'Quality of explanation',
        question: 'Is the explanation accurate, clear and fit for the age and level?',
        levels: [
          'Contains errors or cannot be understood by its audience.',
          'Accurate, but incomplete or hard to follow.',
          'Accurate and clear for its audience.',
          'Accurate, clear, and with examples that deepen understanding.',
        ],
      },
    },
    {
      key: 'tasks',
      nl: {
        name: 'Bruikbaarheid van opdrachten',
        question: 'Laten de opdrachten leerlingen oefenen met wat het materiaal wil leren?',
        levels: [
          'Geen opdrachten, of opdrachten die niet bij het doel passen.',
          'Enkele opdrachten, weinig gevarieerd of zonder oplopende moeilijkheid.',
          'Opdrachten die bij het doel passen en het leren ondersteunen.',
          'Gevarieerde opdrachten die opbouwen en ruimte geven voor verschillen tussen leerlingen.',
        ],
      },
      en: {
        name: 'Usefulness of tasks',
        question: 'Do the tasks let pupils practise what the material sets out to teach?',
        levels: [
          'No tasks, or tasks that do not fit the purpose.',
          'A few tasks, little variety or no rising difficulty.',
          'Tasks that fit the purpose and support learning.',
          'Varied tasks that build up and leave room for differences between pupils.',
        ],
      },
    },
    {
      key: 'technical',
      nl: {
        name: 'Technische kwaliteit',
        question: 'Werkt het materiaal: links, beeld, geluid, afspelen, op de apparaten van school?',
        levels: [
          'Werkt niet of grotendeels niet.',
          'Werkt, met storende gebreken.',
          'Werkt zonder gebreken op de gangbare apparaten.',
          'Werkt overal en is eenvoudig in te passen (ook in een elektronische leeromgeving).',
        ],
      },
      en: {
        name: 'Technical quality',
        question: 'Does the material work: links, pictures, sound, playback, on the devices schools have?',
        levels: [
          'Does not work, or mostly not.',
          'Works, with disturbing faults.',
          'Works without faults on common devices.',
          'Works everywhere and fits in easily (also in a learning environment).',
        ],
      },
    },
    {
      key: 'accessibility',
      nl: {
        name: 'Toegankelijkheid',
        question:
          'Kunnen alle leerlingen het gebruiken: alternatieve tekst, ondertiteling, leesbaarheid, bediening met toetsenbord?',
        levels: [
          'Voor een deel van de leerlingen onbruikbaar.',
          'Bruikbaar, met duidelijke drempels (bijvoorbeeld video zonder ondertiteling).',
          'Toegankelijk volgens de gangbare richtlijnen.',
          'Toegankelijk en met aandacht voor verschillende leerbehoeften.',
        ],
      },
      en: {
        name: 'Accessibility',
        question: 'Can every pupil use it: alternative text, captions, legibility, keyboard operation?',
        levels: [
          'Unusable for some pupils.',
          'Usable, with clear barriers (for example video without captions).',
          'Accessible by the usual guidelines.',
          'Accessible and mindful of different learning needs.',
        ],
      },
    },
    {
      key: 'openness',
      nl: {
        name: 'Openheid van licentie en formaat',
        question: 'Mogen leraren het gebruiken, aanpassen en delen, en kan dat met gangbare, open formaten?',
        levels: [
          'Geen licentie, of gebruik in de klas is niet toegestaan.',
          'Gebruik toegestaan, aanpassen of delen niet (bijvoorbeeld ND of alle rechten voorbehouden).',
          'Open licentie, maar een gesloten of moeilijk te bewerken formaat.',
          'Open licentie en open, bewerkbaar formaat.',
        ],
      },
      en: {
        name: 'Openness of licence and format',
        question: 'May teachers use, adapt and share it, and can they with common, open formats?',
        levels: [
          'No licence, or use in class is not allowed.',
          'Use allowed, adapting or sharing not (for example ND or all rights reserved).',
          'Open licence, but a closed or hard-to-edit format.',
          'Open licence and an open, editable format.',
        ],
      },
    },
  ],
};
