import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { vocab } from '../../test/support/mapping.ts';
import { readRecords, ImportError } from './formats.ts';

async function collect(name: string, text: string) {
  const out = [];
  for await (const r of readRecords(name, Buffer.from(text), { vocab })) out.push(r);
  return out;
}

describe('reading files safely', () => {
  it('refuses XML with a DTD (no entity expansion: XXE and billion laughs)', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE lom [<!ENTITY x SYSTEM "file:///etc/passwd">]><lom xmlns="http://www.imsglobal.org/xsd/imsmd_v1p2"><general><title><langstring>&x;</langstring></title></general></lom>';
    await assert.rejects(collect('x.xml', xxe), (e: Error) => e instanceof ImportError && e.code === 'LG_XML_DTD');
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lom>&lol2;</lom>';
    await assert.rejects(collect('x.xml', laughs), (e: Error) => e instanceof ImportError && e.code === 'LG_XML_DTD');
  });

  it('reports malformed XML with a clear error after the records read before it', async () => {
    const page =
      '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header><identifier>a</identifier></header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Eerste</dc:title></oai_dc:dc></metadata></record><record><header><identifier>b</ident';
    const seen: string[] = [];
    await assert.rejects(
      async () => {
        for await (const r of readRecords('page.xml', Buffer.from(page), { vocab }))
          seen.push(r.mapped.originalId ?? '');
      },
      (e: Error) => e instanceof ImportError && /Malformed XML/.test(e.message),
    );
    assert.deepEqual(seen, ['a']);
  });

  it('says which formats it reads when it cannot tell', async () => {
    await assert.rejects(
      collect('notes.txt', 'hello'),
      (e: Error) => e instanceof ImportError && e.code === 'LG_IMPORT_UNKNOWN_FORMAT',
    );
  });

  it('reports unsupported metadata formats in OAI-PMH pages per record', async () => {
    const page =
      '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header><identifier>m1</identifier></header><metadata><mods xmlns="http://www.loc.gov/mods/v3"><titleInfo><title>X</title></titleInfo></mods></metadata></record></ListRecords></OAI-PMH>';
    const [record] = await collect('page.xml', page);
    assert.equal(record!.mapped.status, 'failed');
    assert.match((record!.mapped as { reason: string }).reason, /Unsupported metadata format <mods>/);
  });

  it('turns an OAI-PMH error response into an import error', async () => {
    const page =
      '<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="badResumptionToken">expired</error></OAI-PMH>';
    await assert.rejects(
      collect('page.xml', page),
      (e: Error) => e instanceof ImportError && /badResumptionToken/.test(e.message),
    );
  });
});
