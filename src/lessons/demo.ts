import { randomBytes } from 'node:crypto';
import type { Actor } from '../accounts/model.ts';
import type { AccountsService } from '../accounts/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { LessonDocument, LessonItem, LessonSection } from './model.ts';
import type { LessonService } from './service.ts';

/**
 * Three example lessons composed from the demo corpus, made through the same service calls a
 * teacher's actions make (create, save the draft, publish). The objects are real records of the
 * demo corpus, found by their identifiers at the source; their rights are as the sources state them
 * (the Rijksmuseum and Tate records in the demo state none, so they are linked, never embedded).
 */

/** Level ids of the SLO vocabulary the example lessons and communities are for. */
export const LEVEL = {
  groep7: 'a4813bb6-cf63-4594-af56-6afb321723d8',
  groep8: '95138558-9f65-4888-8ea3-8acce5eea273',
  obVmbo: 'c2ad90a9-30fb-49f2-89c2-bd269b60a784',
  obHavo: '5ca732b3-3ec2-4b13-9f08-d55b8739fe31',
  obVwo: 'b5a4f104-fb2d-4c71-8f36-702d9567a752',
};
const KERNDOEL = {
  po51HistorischeBronnen: '8acd5003-003c-4705-be24-1eb03ca73699',
  po53PersonenGebeurtenissen: 'c6af9dc7-efee-4cb3-83b2-bf5c54512238',
  vo37HistorischeBasiskennis: '86568021-9ee9-4a2d-beb1-9199ca5d2fca',
  vo40HistorischeBronnen: '64bd24e0-c49b-45af-90cc-e989759dd94d',
  vo50KijkenNaarKunst: '5306bffd-4e3f-46b0-a9cf-6012f1e739b6',
  vo52Reflecteren: '349ddcb7-7bf8-4fb4-abf0-ce24159502aa',
};
const BY = 'http://creativecommons.org/licenses/by/4.0/';
const BY_SA = 'http://creativecommons.org/licenses/by-sa/4.0/';
const COOKBOOK = 'https://iiif.io/api/cookbook/recipe';

/** The demo lessons' maker: the editors' account (no password anyone knows; an admin can reset it). */
export const EDITORS = { email: 'redactie@leergoed.invalid', name: 'Redactie Leergoed' };

type Ids = Record<string, string>;

const everyone = { levels: [] as string[], need: null };
const text = (id: string, markdown: string): LessonItem => ({ type: 'text', id, markdown });
const linked = (id: string, resourceId: string, note: string): LessonItem => ({
  type: 'resource',
  id,
  resourceId,
  note,
  use: 'link',
});
const open = (id: string, question: string, answer: string): LessonItem => ({
  type: 'task',
  id,
  task: { kind: 'open', question, answer },
});
const section = (id: string, title: string, ...variants: LessonSection['variants']): LessonSection => ({
  id,
  title,
  variants,
});

function slaveryLesson(ids: Ids): LessonDocument {
  return {
    title: 'Suriname en het slavernijverleden: wat vertellen de bronnen?',
    summary:
      'Leerlingen bekijken tekeningen, een foto en een penning uit het Rijksmuseum en onderzoeken wie ze maakte, voor wie, en wie er niet in te zien is.',
    language: 'nl',
    levels: [LEVEL.groep7, LEVEL.groep8, LEVEL.obVmbo, LEVEL.obHavo, LEVEL.obVwo],
    subjects: [],
    objectives: [
      KERNDOEL.po51HistorischeBronnen,
      KERNDOEL.po53PersonenGebeurtenissen,
      KERNDOEL.vo37HistorischeBasiskennis,
      KERNDOEL.vo40HistorischeBronnen,
    ],
    durationMinutes: 60,
    licence: BY,
    sections: [
      section('inleiding', 'Waar gaat het over?', {
        id: 'inleiding-alle',
        audience: everyone,
        items: [
          text(
            'inleiding-tekst',
            'Van de 17e tot de 19e eeuw werden honderdduizenden mensen uit Afrika **tot slaaf gemaakt** en naar Suriname gebracht om op plantages te werken. Nederland schafte de slavernij in Suriname af op **1 juli 1863**; die dag herdenken en vieren we met **Keti Koti**.\n\nIn deze les kijk je naar bronnen uit die tijd. Let steeds op: *wie* maakte de bron, *voor wie*, en *wie zie je niet*?',
          ),
        ],
      }),
      section(
        'plantages',
        'Plantages in beeld',
        {
          id: 'plantages-po',
          audience: { levels: [LEVEL.groep7, LEVEL.groep8], need: null },
          items: [
            linked('palmeneribo', ids['RP-T-1905-107']!, 'Een tekening van een suikerplantage uit 1708.'),
            linked(
              'waterland',
              ids['RP-T-1905-103']!,
              'De molen en het kookhuis van een plantage. Hier werd suikerriet verwerkt.',
            ),
            open(
              'plantages-vraag-po',
              'Bekijk de twee tekeningen. Wat zie je? En wie zie je niet, terwijl ze er wel werkten?',
              'De gebouwen, het water en het land; de tot slaaf gemaakte mensen die het werk deden, zie je nauwelijks of niet.',
            ),
          ],
        },
        {
          id: 'plantages-vo',
          audience: { levels: [LEVEL.obVmbo, LEVEL.obHavo, LEVEL.obVwo], need: null },
          items: [
            linked('palmeneribo-vo', ids['RP-T-1905-107']!, 'Tekening, 1708.'),
            linked('waterland-vo', ids['RP-T-1905-103']!, 'Tekening, 1708.'),
            linked(
              'tentoonstelling',
              ids['RP-F-1994-12-68']!,
              'Foto van de Koloniale Tentoonstelling in Amsterdam, 1883.',
            ),
            open(
              'plantages-vraag-vo',
              'Vergelijk de tekeningen uit 1708 met de foto uit 1883. Voor wie werden ze gemaakt, en wat wilden de makers laten zien? Wat betekent dat voor hoe bruikbaar ze zijn als bron?',
              'De tekeningen tonen de plantages als bezit, voor de eigenaren; de foto toont Surinaamse vrouwen als bezienswaardigheid voor Nederlandse bezoekers. Beide laten vooral het perspectief van de makers zien, niet dat van de mensen die er woonden en werkten.',
            ),
          ],
        },
      ),
      section('penning', 'Een erepenning', {
        id: 'penning-alle',
        audience: everyone,
        items: [
          linked(
            'penning-bron',
            ids['NG-NM-8969']!,
            'Een penning uit 1837 voor George, een tot slaaf gemaakte man op plantage Leasowes.',
          ),
          {
            type: 'task',
            id: 'penning-vraag',
            task: {
              kind: 'choice',
              question: 'Waarom spreken we van een “tot slaaf gemaakte man” en niet van “een slaaf”?',
              options: [
                {
                  text: 'Omdat niemand als slaaf geboren wordt: het werd hem aangedaan.',
                  correct: true,
                  feedback: 'Juist. De woorden laten zien dat slavernij iets is wat mensen anderen aandeden.',
                },
                {
                  text: 'Omdat het korter is.',
                  correct: false,
                  feedback: 'Het is juist langer. Kijk naar wat de woorden zeggen over wie iets deed.',
                },
                {
                  text: 'Omdat George zelf voor slavernij koos.',
                  correct: false,
                  feedback: 'Nee: tot slaaf gemaakte mensen hadden geen keus.',
                },
              ],
            },
          },
        ],
      }),
      section('methode', 'Verder in je methode', {
        id: 'methode-alle',
        audience: everyone,
        items: [
          {
            type: 'closed',
            id: 'methode-link',
            title: 'Brandaan (geschiedenis, Malmberg)',
            url: 'https://www.malmberg.nl/',
            publisher: 'Malmberg',
            method: 'Brandaan',
            chapter: '',
            note: 'Zoek in je eigen methode het hoofdstuk over de *tijd van regenten en vorsten* en de *tijd van pruiken en revoluties*.',
          },
        ],
      }),
    ],
  };
}

function turnerLesson(ids: Ids): LessonDocument {
  return {
    title: 'Turner en de zee: kijken naar kunst',
    summary:
      'Leerlingen vergelijken werk van J.M.W. Turner met een gravure ervan en leren praten over licht, beweging en techniek.',
    language: 'nl',
    levels: [LEVEL.obVmbo, LEVEL.obHavo, LEVEL.obVwo],
    subjects: [],
    objectives: [KERNDOEL.vo50KijkenNaarKunst, KERNDOEL.vo52Reflecteren],
    durationMinutes: 45,
    licence: BY,
    sections: [
      section('kijken', 'Kijken', {
        id: 'kijken-alle',
        audience: everyone,
        items: [
          text(
            'kijken-tekst',
            'Joseph Mallord William Turner (1775–1851) schilderde en tekende vaak de zee. Zijn werk werd ook in prenten nagemaakt, zodat meer mensen het konden zien. Kijk eerst een minuut zonder iets te zeggen.',
          ),
          linked('schepen', ids['A00929']!, ''),
          linked('gravure', ids['A00930']!, 'Dezelfde voorstelling, gegraveerd door Charles Turner.'),
          linked('maanlicht', ids['A01153']!, ''),
        ],
      }),
      section(
        'vergelijken',
        'Vergelijken',
        {
          id: 'vergelijken-basis',
          audience: { levels: [], need: 'basis' },
          items: [
            open(
              'vergelijken-basis-vraag',
              'Noem twee dingen die hetzelfde zijn en twee dingen die anders zijn aan “Ships in a Breeze” en de gravure.',
              'Bijvoorbeeld: dezelfde schepen en golven; de gravure heeft geen kleur en scherpere lijnen.',
            ),
          ],
        },
        {
          id: 'vergelijken-verdieping',
          audience: { levels: [], need: 'verdieping' },
          items: [
            open(
              'vergelijken-verdieping-vraag',
              'Wat verandert er als een schilderij of tekening een prent wordt? Denk aan kleur, licht, formaat en wie het werk kan zien. Wat gaat er verloren en wat wint het werk?',
              'Kleur en een deel van het licht gaan verloren; de prent is kleiner en kan vaak worden gedrukt, dus veel meer mensen zien het werk.',
            ),
          ],
        },
      ),
      section('zelf', 'Jouw mening', {
        id: 'zelf-alle',
        audience: everyone,
        items: [
          open(
            'zelf-vraag',
            'Welk werk spreekt je het meest aan, en waarom? Gebruik minstens één woord over licht of beweging.',
            '',
          ),
        ],
      }),
    ],
  };
}

function sourcesLesson(ids: Ids): LessonDocument {
  return {
    title: 'Een foto en een krant als bron',
    summary:
      'Leerlingen onderzoeken een foto en een krantenartikel: wie maakte het, wanneer, waarom, en wat kun je ermee bewijzen?',
    language: 'nl',
    levels: [LEVEL.groep8, LEVEL.obHavo, LEVEL.obVwo],
    subjects: [],
    objectives: [KERNDOEL.po51HistorischeBronnen, KERNDOEL.vo40HistorischeBronnen],
    durationMinutes: 40,
    licence: BY_SA,
    sections: [
      section('foto', 'Een foto', {
        id: 'foto-alle',
        audience: everyone,
        items: [
          text(
            'foto-tekst',
            'Een foto lijkt te laten zien “hoe het was”. Maar de fotograaf koos wat erop kwam, en wat niet. Zoom in op de foto.',
          ),
          {
            type: 'detail',
            id: 'foto-detail',
            resourceId: ids[`${COOKBOOK}/0008-rights/manifest.json`]!,
            manifest: `${COOKBOOK}/0008-rights/manifest.json`,
            canvas: `${COOKBOOK}/0008-rights/canvas/p1`,
            region: null,
            caption: 'De hele foto',
            annotations: [],
            use: 'embed',
          },
          open(
            'foto-vraag',
            'Wat kun je met zekerheid zeggen over deze plek, alleen door naar de foto te kijken? En wat kun je niet weten?',
            'Wat er op dat moment te zien was; niet wat er buiten beeld gebeurde, of waarom de foto werd gemaakt.',
          ),
        ],
      }),
      section(
        'krant',
        'Een krantenartikel',
        {
          id: 'krant-po',
          audience: { levels: [LEVEL.groep8], need: null },
          items: [
            {
              type: 'detail',
              id: 'krant-detail',
              resourceId: ids[`${COOKBOOK}/0299-region/manifest.json`]!,
              manifest: `${COOKBOOK}/0299-region/manifest.json`,
              canvas: `${COOKBOOK}/0299-region/canvas/p1`,
              region: null,
              caption: 'Het artikel “Ein neuer Sicherungsplan?” uit het Berliner Tageblatt',
              annotations: [],
              use: 'link',
            },
            open(
              'krant-vraag-po',
              'Het artikel is in het Duits. Wat kun je toch al zien zonder het te lezen?',
              'Dat het een krant is, de kop, de datum en dat het een lang artikel is.',
            ),
          ],
        },
        {
          id: 'krant-vo',
          audience: { levels: [LEVEL.obHavo, LEVEL.obVwo], need: null },
          items: [
            {
              type: 'detail',
              id: 'krant-detail-vo',
              resourceId: ids[`${COOKBOOK}/0299-region/manifest.json`]!,
              manifest: `${COOKBOOK}/0299-region/manifest.json`,
              canvas: `${COOKBOOK}/0299-region/canvas/p1`,
              region: null,
              caption: 'Het artikel “Ein neuer Sicherungsplan?” uit het Berliner Tageblatt',
              annotations: [],
              use: 'link',
            },
            open(
              'krant-vraag-vo',
              'Een krant schrijft voor lezers van zijn eigen tijd. Welke vragen stel je over de maker en de lezers voordat je dit artikel als bewijs gebruikt?',
              'Wie was de krant, voor wie schreef ze, wat wist men toen, en wat wilde de krant bereiken?',
            ),
          ],
        },
      ),
    ],
  };
}

const NEEDED = [
  'RP-T-1905-107',
  'RP-T-1905-103',
  'RP-F-1994-12-68',
  'NG-NM-8969',
  'A00929',
  'A00930',
  'A01153',
  `${COOKBOOK}/0008-rights/manifest.json`,
  `${COOKBOOK}/0299-region/manifest.json`,
];

/**
 * Makes the example lessons when the objects they use are in the store; returns the lessons made.
 * Run once, right after the demo corpus is loaded.
 */
export async function loadDemoLessons(
  catalogue: Pick<CatalogueService, 'publishedIdsByOriginal'>,
  accounts: AccountsService,
  lessons: LessonService,
): Promise<string[]> {
  const ids: Ids = Object.fromEntries(await catalogue.publishedIdsByOriginal(NEEDED));
  const existing = await accounts.userByEmail(EDITORS.email);
  const userId =
    existing?.id ??
    (await accounts.createUser({ ...EDITORS, password: randomBytes(32).toString('base64url'), role: 'curator' })).id;
  const editor: Actor = { userId, role: 'curator', organisationIds: [] };
  if (existing && (await lessons.mine(editor)).length > 0) return [];
  const made: string[] = [];
  const documents: [string[], (ids: Ids) => LessonDocument, string][] = [
    [
      ['RP-T-1905-107', 'RP-T-1905-103', 'RP-F-1994-12-68', 'NG-NM-8969'],
      slaveryLesson,
      'Eerste versie: tekeningen, een foto en een penning, per niveau.',
    ],
    [['A00929', 'A00930', 'A01153'], turnerLesson, 'Eerste versie, met een basis- en een verdiepingsopdracht.'],
    [
      [`${COOKBOOK}/0008-rights/manifest.json`, `${COOKBOOK}/0299-region/manifest.json`],
      sourcesLesson,
      'Eerste versie.',
    ],
  ];
  for (const [needs, make, note] of documents) {
    if (!needs.every((n) => ids[n])) continue;
    const lesson = await lessons.create(editor, null);
    const saved = await lessons.saveDraft(editor, lesson.id, make(ids), lesson.revision);
    await lessons.publish(editor, lesson.id, note, saved.revision);
    made.push(lesson.id);
  }
  return made;
}
