import { settings } from '../db/settings.ts';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { OrganisationKind } from '../accounts/model.ts';
import { nowIso } from '../kernel/ids.ts';
import type { Database } from '../db/schema.ts';
import type { ImportReport } from './run-loop.ts';
import type { ImportService } from './service.ts';

/** One part of the demo corpus: a folder or file under `data/demo`, and whose collection it is. */
interface DemoPart {
  path: string;
  source: string;
  organisation: { name: string; kind: OrganisationKind; website: string | null };
}

type Organisation = DemoPart['organisation'];
const organisation = (name: string, kind: OrganisationKind, website: string): Organisation => ({ name, kind, website });
const EDUREP = organisation('Edurep', 'publisher', 'https://www.edurep.nl');
const EUROPEANA = organisation('Europeana', 'heritage', 'https://www.europeana.eu');

/** The real demo corpus (see data/SOURCES.tsv for every file's origin and licence). */
export const DEMO_PARTS: DemoPart[] = [
  {
    path: 'rijksmuseum/Suriname_objecten_export.csv.gz',
    source: 'Rijksmuseum – objecten over Suriname (CSV)',
    organisation: organisation('Rijksmuseum', 'heritage', 'https://www.rijksmuseum.nl'),
  },
  {
    path: 'tate/tate-artworks.jsonl.gz',
    source: 'Tate – collection data 2014 (JSON)',
    organisation: organisation('Tate', 'heritage', 'https://www.tate.org.uk'),
  },
  {
    path: 'edurep',
    source: 'Kennisnet – NL-LOM voorbeelden',
    organisation: organisation('Kennisnet', 'publisher', 'https://www.kennisnet.nl'),
  },
  { path: 'oai/edurep-oaipmh.initial.0.xml', source: 'Edurep – OAI-PMH (nl_lom)', organisation: EDUREP },
  { path: 'oai/edurep-oaipmh.initial.1.xml', source: 'Edurep – OAI-PMH (nl_lom)', organisation: EDUREP },
  { path: 'oai/edurep-oaipmh.delta.0.xml', source: 'Edurep – OAI-PMH (nl_lom)', organisation: EDUREP },
  {
    path: 'oai/metis_sampleOaiRecord_getrecord_oai_dc.xml',
    source: 'Europeana – OAI-PMH (oai_dc)',
    organisation: EUROPEANA,
  },
  { path: 'oai/metis_deletedOaiRecord.xml', source: 'Europeana – OAI-PMH (oai_dc)', organisation: EUROPEANA },
  { path: 'edm', source: 'Europeana – EDM', organisation: EUROPEANA },
  {
    path: 'lido/kmska_lido.xml',
    source: 'KMSKA – LIDO',
    organisation: organisation('KMSKA', 'heritage', 'https://kmska.be'),
  },
  {
    path: 'lido/vkc_lido.xml',
    source: 'Vlaamse Kunstcollectie – LIDO',
    organisation: organisation('Vlaamse Kunstcollectie', 'heritage', 'https://www.vlaamsekunstcollectie.be'),
  },
  {
    path: 'lido/nfdi4objects_LIDO-v1.1-Example_FMobj00154983-LaPrimavera.xml',
    source: 'Bildarchiv Foto Marburg – LIDO',
    organisation: organisation('Bildarchiv Foto Marburg', 'heritage', 'https://www.uni-marburg.de/de/fotomarburg'),
  },
  {
    path: 'iiif',
    source: 'IIIF Cookbook – manifesten',
    organisation: organisation('IIIF Consortium', 'other', 'https://iiif.io'),
  },
];

const DEMO_SETTING = 'demo_loaded_at';

/** Whether the demo corpus was loaded before (then it is never loaded again, even if emptied). */
export async function demoLoaded(db: Kysely<Database>): Promise<boolean> {
  return (await settings.read(db, DEMO_SETTING)) !== undefined;
}

/** Loads the demo corpus through the ordinary importers; reports per file. */
export async function loadDemoCorpus(
  db: Kysely<Database>,
  imports: ImportService,
  dataDir: string,
  onProgress?: (part: string, done: number) => void,
): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const part of DEMO_PARTS) {
    reports.push(
      ...(await imports.importPath(
        join(dataDir, 'demo', part.path),
        {
          sourceName: part.source,
          organisation: part.organisation,
          startedBy: { userId: null, apiKeyId: null, trigger: 'demo' },
        },
        {},
        (_file, done) => onProgress?.(part.path, done),
      )),
    );
  }
  await settings.write(db, DEMO_SETTING, nowIso());
  return reports;
}
