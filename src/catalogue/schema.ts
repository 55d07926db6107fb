import { Type } from 'typebox';
import { NullableInteger, NullableString, literals } from '../kernel/schema.ts';
import { ACCESS, KINDS, STATUSES } from './model.ts';

const Creator = Type.Object({
  name: Type.String(),
  role: Type.Optional(NullableString),
  uri: Type.Optional(NullableString),
});
export const Concept = Type.Object({
  id: Type.String(),
  label: Type.String(),
  labelEn: NullableString,
  uri: NullableString,
});
export const Licence = Type.Object(
  {
    uri: NullableString,
    label: NullableString,
    labelEn: NullableString,
    notation: NullableString,
    kind: Type.Union([Type.Literal('licence'), Type.Literal('rights-statement'), Type.Null()]),
    reusability: Type.Union([
      Type.Literal('open'),
      Type.Literal('restricted'),
      Type.Literal('permission'),
      Type.Null(),
    ]),
    status: Type.Union([Type.Literal('ok'), Type.Literal('unknown'), Type.Literal('missing')]),
    raw: NullableString,
  },
  {
    description:
      'The licence or rights statement as a URI, its labels and reusability; `raw` is the value as found at the source.',
  },
);
const AttributionText = Type.Object({ text: Type.String(), html: Type.String() });

export const Segments = Type.Array(Type.Object({ text: Type.String(), mark: Type.Boolean() }), {
  description: 'Text in pieces; `mark` pieces matched the query',
});

const Explanation = Type.Object(
  {
    engine: Type.String(),
    fields: Type.Record(Type.String(), Type.Number(), { description: 'Text score per field (higher is better)' }),
    text: Type.Number(),
    quality: Type.Number(),
    boost: Type.Number(),
    score: Type.Number(),
  },
  {
    description:
      'The parts of the score (`explain=true`): per-field text scores, the metadata quality and the boost it gives',
  },
);

/** A resource as the API returns it. */
export const Resource = Type.Object(
  {
    id: Type.String({ description: 'Stable identifier (UUIDv7), never reused' }),
    kind: literals(KINDS),
    status: literals(STATUSES),
    title: Type.String(),
    description: NullableString,
    language: NullableString,
    creators: Type.Array(Creator),
    publisher: NullableString,
    institution: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    url: NullableString,
    thumbnail: NullableString,
    iiifManifest: NullableString,
    formats: Type.Array(Type.String()),
    resourceTypes: Type.Array(Concept),
    levels: Type.Array(Concept),
    subjects: Type.Array(Concept),
    objectives: Type.Array(
      Type.Object({
        id: Type.String(),
        label: Type.String(),
        labelEn: NullableString,
        uri: NullableString,
        notation: NullableString,
        text: NullableString,
        alignment: Type.Union([Type.Literal('source'), Type.Literal('confirmed')], {
          description:
            "source: in the source's metadata; confirmed: suggested from the text and confirmed by a teacher or curator",
        }),
      }),
    ),
    keywords: Type.Array(Type.String()),
    licence: Licence,
    metadataLicence: Type.Union([Licence, Type.Null()]),
    access: Type.String(),
    requiredStatement: NullableString,
    dates: Type.Object({
      created: NullableString,
      modified: NullableString,
      period: Type.Object({ start: NullableInteger, end: NullableInteger, text: NullableString }),
    }),
    attribution: Type.Object(
      { nl: AttributionText, en: AttributionText },
      { description: 'TASL attribution (title, author, source, licence)' },
    ),
    provenance: Type.Object({
      source: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), type: Type.String() }), Type.Null()]),
      originalId: NullableString,
      importRunId: NullableString,
      rawFormat: NullableString,
      hasRawRecord: Type.Boolean(),
    }),
    warnings: Type.Array(
      Type.Object({
        code: Type.String({
          description:
            'LG_W_NO_LICENCE, LG_W_UNKNOWN_LICENCE, LG_W_NO_DESCRIPTION, LG_W_UNMAPPED (a source value not in our vocabularies), LG_W_SOURCE',
        }),
        message: Type.String(),
      }),
    ),
    extra: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    withdrawnAt: NullableString,
    withdrawnReason: NullableString,
    match: Type.Optional(
      Type.Object(
        { title: Segments, snippet: Type.Union([Segments, Type.Null()]), explain: Type.Optional(Explanation) },
        {
          description:
            'In search results only: the title and a snippet with the matching words marked, and with `explain=true` the parts of the score',
        },
      ),
    ),
  },
  { $id: 'Resource' },
);

export const FacetValue = Type.Object({
  id: Type.String(),
  label: Type.String(),
  labelEn: NullableString,
  parent: Type.Union([Type.String(), Type.Null()], {
    description: 'The broader value in a hierarchical facet (levels, kerndoelen and leerdoelen)',
  }),
  count: Type.Integer({
    description:
      'Results with this value; a facet with a selection counts as if its own selection were not made (disjunctive)',
  }),
  selected: Type.Boolean(),
});

export const QueryHelp = Type.Object({
  correctedQuery: Type.Union([Type.String(), Type.Null()], {
    description: 'Unknown words were corrected: the results are for this query',
  }),
  relaxed: Type.Boolean({
    description: 'No resource had every word: the results have some of them, those with the most first',
  }),
  didYouMean: Type.Union([Type.String(), Type.Null()]),
  compounds: Type.Array(Type.Object({ word: Type.String(), parts: Type.Array(Type.String()) }), {
    description: 'Compound words also searched as their parts',
  }),
  expansions: Type.Array(Type.Object({ word: Type.String(), words: Type.Array(Type.String()) }), {
    description: 'Longer compounds ending in a query word, also searched (a "windmolen" is a "molen")',
  }),
  synonyms: Type.Array(Type.Object({ words: Type.String(), alternatives: Type.Array(Type.String()) })),
  ignored: Type.Array(Type.String(), { description: 'Stop words left out' }),
  broader: Type.Array(
    Type.Object({
      type: Type.Union([Type.Literal('remove-filter'), Type.Literal('remove-word')]),
      filter: Type.Optional(Type.String()),
      value: Type.Optional(Type.String()),
      label: Type.Optional(Type.String()),
      labelEn: Type.Optional(NullableString),
      word: Type.Optional(Type.String()),
      query: Type.Optional(Type.String()),
      count: Type.Integer(),
    }),
    { description: 'For an empty result: filters or words whose removal gives results, with how many' },
  ),
});

export const ResourceList = Type.Object(
  {
    items: Type.Array(Type.Ref('Resource')),
    total: Type.Integer(),
    facets: Type.Array(
      Type.Object({
        name: Type.String(),
        approximate: Type.Boolean({
          description:
            'Counts estimated from a sample of 1 in 16 or 256 of the results: for results larger than LEERGOED_EXACT_FACETS_UP_TO (20,000)',
        }),
        valueCount: Type.Integer({
          description: 'How many values the facet has; `values` lists fewer when `facetValues` limits them',
        }),
        values: Type.Array(FacetValue),
      }),
    ),
    nextCursor: NullableString,
    query: QueryHelp,
  },
  { $id: 'ResourceList' },
);

const StringList = Type.Array(Type.String({ maxLength: 300 }), { maxItems: 50 });

export const ListQuery = Type.Object({
  q: Type.Optional(
    Type.String({
      maxLength: 500,
      description:
        'Words to search for. All words must match; `"a phrase"`, `-exclude`, `a OR b`, `prefix*`, `titel:word`, `maker:name`.',
    }),
  ),
  kind: Type.Optional(Type.Array(literals(KINDS), { maxItems: 3 })),
  level: Type.Optional(StringList),
  subject: Type.Optional(StringList),
  objective: Type.Optional(StringList),
  type: Type.Optional(StringList),
  licence: Type.Optional(StringList),
  reusability: Type.Optional(
    Type.Array(
      Type.Union([
        Type.Literal('open'),
        Type.Literal('restricted'),
        Type.Literal('permission'),
        Type.Literal('unknown'),
      ]),
      { maxItems: 4 },
    ),
  ),
  institution: Type.Optional(StringList),
  language: Type.Optional(StringList),
  period: Type.Optional(
    Type.Array(Type.String({ pattern: '^(before-1000|[12][0-9]00)$' }), {
      maxItems: 12,
      description: 'Centuries by their first year (`1600` is the 17th century) or `before-1000`',
    }),
  ),
  image: Type.Optional(Type.Array(Type.Union([Type.Literal('yes'), Type.Literal('no')]), { maxItems: 2 })),
  status: Type.Optional(
    Type.Array(literals(STATUSES), { maxItems: 3, description: 'Editors only: include drafts or withdrawn resources' }),
  ),
  sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('title'), Type.Literal('newest')])),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
  limit: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: 100,
      default: 20,
      description: '0: the total and the facets only, no items (not recorded as a search)',
    }),
  ),
  facets: Type.Optional(Type.Boolean({ default: true })),
  facetValues: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1000,
      description:
        'List at most this many values per facet: those with the most results, and every selected value besides. Every value when absent. Counts are exact either way.',
    }),
  ),
  explain: Type.Optional(Type.Boolean({ default: false, description: "Return the parts of each result's score" })),
});

const Url = Type.String({ format: 'uri', maxLength: 2000, pattern: '^https?://' });

/** What a client sends to create a resource. */
export const ResourceInput = Type.Object(
  {
    kind: literals(KINDS),
    title: Type.String({ minLength: 1, maxLength: 1000 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 20000 }), Type.Null()])),
    language: Type.Optional(Type.Union([Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$' }), Type.Null()])),
    creators: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 500 }),
            role: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            uri: Type.Optional(Type.Union([Url, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
    publisher: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    url: Type.Optional(Type.Union([Url, Type.Null()])),
    thumbnail: Type.Optional(Type.Union([Url, Type.Null()])),
    iiifManifest: Type.Optional(Type.Union([Url, Type.Null()])),
    formats: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })),
    resourceTypes: Type.Optional(StringList),
    levels: Type.Optional(StringList),
    subjects: Type.Optional(StringList),
    objectives: Type.Optional(StringList),
    keywords: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 100 })),
    rights: Type.Optional(
      Type.Union([
        Type.String({
          maxLength: 500,
          description: 'A licence or rights statement URI, or a name such as "CC BY-SA 4.0"',
        }),
        Type.Null(),
      ]),
    ),
    access: Type.Optional(literals(ACCESS)),
    dateCreated: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
    organisationId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    status: Type.Optional(
      Type.Union([Type.Literal('draft'), Type.Literal('published')], {
        description: 'draft: visible only to who may edit it; published (default): listed for everyone',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ResourcePatch = Type.Partial(Type.Omit(ResourceInput, ['organisationId']), {
  additionalProperties: false,
});

export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const ObjectiveSuggestions = Type.Object({
  suggestions: Type.Array(
    Type.Object({
      objectiveId: Type.String(),
      score: Type.Number({ description: 'How well the text matches the objective (0–1)' }),
      matchedWords: Type.Array(Type.String(), { description: 'The words of the resource that matched' }),
      objective: Type.Object({
        id: Type.String(),
        label: Type.String(),
        labelEn: NullableString,
        notation: NullableString,
        text: NullableString,
        scheme: Type.Union([Type.Literal('kerndoel'), Type.Literal('leerdoel')]),
      }),
      decision: Type.Union([
        Type.Object({
          decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected')]),
          decidedAt: Type.String(),
          decidedBy: Type.Union([Type.String(), Type.Null()], { description: 'Shown to signed-in users only' }),
        }),
        Type.Null(),
      ]),
      votes: Type.Object(
        {
          accepted: Type.Integer(),
          rejected: Type.Integer(),
          mine: Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Null()]),
        },
        { description: "Teachers' votes (from people who may not decide); `mine` is the signed-in person's own" },
      ),
    }),
  ),
  mayDecide: Type.Boolean({
    description:
      "Whether the signed-in person decides (curators, admins, whoever may edit the resource); anyone else's decision is a vote",
  }),
});
