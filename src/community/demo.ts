import type { AccountsService } from '../accounts/service.ts';
import type { CatalogueService } from '../catalogue/service.ts';
import type { Actor } from '../accounts/model.ts';
import { EDITORS, LEVEL } from '../lessons/demo.ts';
import type { CommunityInput, CommunityService } from './service.ts';
import type { DiscussionService } from './discussions.ts';

/**
 * Two example communities of the demo corpus, made through the same service calls members make:
 * a history community that collects the slavery lesson and its sources, and an arts community with
 * the Turner lesson and works from Tate. Their maker is the editors' account of the example lessons.
 */

const GESCHIEDENIS = '1c445505-16f2-4d3f-b6cf-8623ca317140';
const KUNST_EN_CULTUUR = 'cef3bf40-8f21-4eea-8ce5-b3360b21023e';
const KUNSTZINNIGE_ORIENTATIE = '60133458-f6b1-4a6e-8e62-ea5ff0b8e9b7';

interface DemoCommunity {
  input: CommunityInput & { slug: string };
  /** Resources by their identifier at the source, or a lesson by its title's start; with the note why. */
  items: { original?: string; lessonTitle?: string; note: string }[];
  thread: { title: string; body: string; about?: string };
}

const COMMUNITIES: DemoCommunity[] = [
  {
    input: {
      slug: 'geschiedenis-onderbouw',
      kind: 'subject',
      name: 'Geschiedenis in de onderbouw',
      description:
        'Docenten geschiedenis in de onderbouw van vmbo, havo en vwo delen bronnen, lessen en ervaringen. We verzamelen materiaal bij de kerndoelen over historische bronnen en het slavernijverleden.',
      subjects: [GESCHIEDENIS],
      levels: [LEVEL.obVmbo, LEVEL.obHavo, LEVEL.obVwo],
      region: null,
    },
    items: [
      {
        lessonTitle: 'Suriname en het slavernijverleden',
        note: 'Een complete les rond Keti Koti, met varianten voor po en vo.',
      },
      {
        original: 'RP-T-1905-107',
        note: 'Tekening van een suikerplantage (1708): goed om te vragen wie je níet ziet.',
      },
      {
        original: 'RP-F-1994-12-68',
        note: 'Foto van de Koloniale Tentoonstelling (1883); vraagt om een gesprek over perspectief.',
      },
      { original: 'NG-NM-8969', note: 'De penning voor George: een ingang voor het begrip "tot slaaf gemaakt".' },
    ],
    thread: {
      title: 'Bronnen over het slavernijverleden in de klas',
      body: 'Welke bronnen gebruiken jullie rond **Keti Koti** (1 juli)? Ik heb de tekeningen van de plantages aan de collectie toegevoegd. Ze werken goed bij de vraag *wie maakte de bron, en voor wie?*\n\nZijn er bronnen waarin de tot slaaf gemaakten zelf aan het woord komen?',
      about: 'RP-T-1905-107',
    },
  },
  {
    input: {
      slug: 'kunst-en-erfgoed',
      kind: 'subject',
      name: 'Kunst en erfgoed in de klas',
      description:
        'Voor leerkrachten kunstzinnige oriëntatie en docenten kunst en cultuur: kijken naar kunst met museumcollecties, van groep 7 tot de onderbouw.',
      subjects: [KUNSTZINNIGE_ORIENTATIE, KUNST_EN_CULTUUR],
      levels: [LEVEL.groep7, LEVEL.groep8, LEVEL.obVmbo, LEVEL.obHavo, LEVEL.obVwo],
      region: null,
    },
    items: [
      {
        lessonTitle: 'Turner en de zee',
        note: 'Kijken naar licht en beweging, met een basis- en een verdiepingsopdracht.',
      },
      { original: 'A00929', note: 'Werk van Turner uit de collectie van Tate.' },
    ],
    thread: {
      title: 'Kijkvragen bij een schilderij',
      body: 'Met welke kijkvragen begin je een gesprek over een schilderij? Ik begin vaak met: *wat zie je, wat denk je, wat vraag je je af?*',
    },
  },
];

/** Makes the example communities once; returns their slugs (none when they exist already). */
export async function loadDemoCommunities(
  catalogue: Pick<CatalogueService, 'publishedIdsByOriginal' | 'publishedLessonIdByTitle'>,
  accounts: Pick<AccountsService, 'userByEmail'>,
  communities: CommunityService,
  discussions: DiscussionService,
): Promise<string[]> {
  const editors = await accounts.userByEmail(EDITORS.email);
  if (!editors) return [];
  const actor: Actor = { userId: editors.id, role: editors.role, organisationIds: [] };
  const made: string[] = [];
  for (const demo of COMMUNITIES) {
    if (demo.input.slug && (await communities.slugTaken(demo.input.slug))) continue;
    const community = await communities.create(actor, demo.input);
    const idOf = async (item: { original?: string; lessonTitle?: string }): Promise<string | null> => {
      if (item.original) return (await catalogue.publishedIdsByOriginal([item.original])).get(item.original) ?? null;
      return item.lessonTitle ? catalogue.publishedLessonIdByTitle(item.lessonTitle) : null;
    };
    for (const item of demo.items) {
      const id = await idOf(item);
      if (id) await communities.addItem(actor, community.slug, id, item.note);
    }
    const about = demo.thread.about ? await idOf({ original: demo.thread.about }) : null;
    await discussions.startThread(actor, community.slug, {
      title: demo.thread.title,
      body: demo.thread.body,
      resourceId: about,
    });
    made.push(community.slug);
  }
  return made;
}
