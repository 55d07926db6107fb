import type { Concept } from './model.ts';

const CZP = 'http://purl.edustandaard.nl/vdex_learningresourcetype_czp_20060628.xml';
const LOM = 'LOMv1.0';

/** NL-LOM learning resource types: the czp vocabulary of NL-LOM and the LOM v1.0 vocabulary it allows. */
const TYPES: { value: string; vocabulary: string; nl: string; en: string }[] = [
  { value: 'informatiebron', vocabulary: CZP, nl: 'Informatiebron', en: 'Information source' },
  { value: 'open opdracht', vocabulary: CZP, nl: 'Open opdracht', en: 'Open assignment' },
  { value: 'gesloten opdracht', vocabulary: CZP, nl: 'Gesloten opdracht', en: 'Closed assignment' },
  {
    value: 'evaluatie- en toetsmateriaal',
    vocabulary: CZP,
    nl: 'Evaluatie- en toetsmateriaal',
    en: 'Evaluation and assessment material',
  },
  {
    value: 'verkennings- en onderzoeksmateriaal',
    vocabulary: CZP,
    nl: 'Verkennings- en onderzoeksmateriaal',
    en: 'Exploration and research material',
  },
  { value: 'handleiding', vocabulary: CZP, nl: 'Handleiding', en: 'Manual' },
  { value: 'gereedschap', vocabulary: CZP, nl: 'Gereedschap', en: 'Tool' },
  {
    value: 'professionaliseringsmateriaal',
    vocabulary: CZP,
    nl: 'Professionaliseringsmateriaal',
    en: 'Professional development material',
  },
  { value: 'kennisclip', vocabulary: CZP, nl: 'Kennisclip', en: 'Knowledge clip' },
  { value: 'weblecture', vocabulary: CZP, nl: 'Weblecture', en: 'Web lecture' },
  { value: 'exercise', vocabulary: LOM, nl: 'Oefening', en: 'Exercise' },
  { value: 'simulation', vocabulary: LOM, nl: 'Simulatie', en: 'Simulation' },
  { value: 'questionnaire', vocabulary: LOM, nl: 'Vragenlijst', en: 'Questionnaire' },
  { value: 'diagram', vocabulary: LOM, nl: 'Diagram', en: 'Diagram' },
  { value: 'figure', vocabulary: LOM, nl: 'Afbeelding', en: 'Figure' },
  { value: 'graph', vocabulary: LOM, nl: 'Grafiek', en: 'Graph' },
  { value: 'index', vocabulary: LOM, nl: 'Index', en: 'Index' },
  { value: 'slide', vocabulary: LOM, nl: 'Dia', en: 'Slide' },
  { value: 'table', vocabulary: LOM, nl: 'Tabel', en: 'Table' },
  { value: 'narrative text', vocabulary: LOM, nl: 'Verhalende tekst', en: 'Narrative text' },
  { value: 'exam', vocabulary: LOM, nl: 'Examen', en: 'Exam' },
  { value: 'experiment', vocabulary: LOM, nl: 'Experiment', en: 'Experiment' },
  { value: 'problem statement', vocabulary: LOM, nl: 'Probleemstelling', en: 'Problem statement' },
  { value: 'self assessment', vocabulary: LOM, nl: 'Zelftoets', en: 'Self assessment' },
  { value: 'lecture', vocabulary: LOM, nl: 'Hoorcollege', en: 'Lecture' },
];

/** The identifier of a resource type value: its words joined by hyphens (`open-opdracht`). */
export function resourceTypeId(value: string): string {
  return value
    .toLowerCase()
    .replace(/%20/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The `resource-type` scheme. */
export function resourceTypeConcepts(): Concept[] {
  return TYPES.map((t, position) => ({
    scheme: 'resource-type',
    id: resourceTypeId(t.value),
    uri: t.vocabulary === LOM ? null : `${t.vocabulary}#${encodeURIComponent(t.value)}`,
    notation: t.value,
    labelNl: t.nl,
    labelEn: t.en,
    description: null,
    broader: [],
    replacedBy: [],
    deprecated: false,
    position,
    extra: { vocabulary: t.vocabulary },
  }));
}
