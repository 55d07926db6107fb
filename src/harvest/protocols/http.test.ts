import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OaiTestServer } from '../../../test/support/oai-server.ts';
import {
  HttpError,
  checkUrl,
  decodeXml,
  isPublicAddress,
  safeFetch,
  xmlCharset,
  type FetchLimits,
} from '../../kernel/fetch.ts';

const strict: FetchLimits = { timeoutMs: 3000, maxBytes: 1e6, maxRedirects: 3, allowPrivateHosts: false };

describe('SSRF guard', () => {
  it('knows public from non-public addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      '100.64.0.1',
      '::127.0.0.1',
      '::7f00:1',
      '::a9fe:a9fe',
      '::',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
      '2001::1',
    ]) {
      assert.equal(isPublicAddress(address), false, address);
    }
    for (const address of ['145.100.190.243', '8.8.8.8', '2001:610:1:40::1', '::ffff:145.100.190.243'])
      assert.equal(isPublicAddress(address), true, address);
  });

  it('refuses non-http schemes, credentials, and literal non-public addresses', () => {
    assert.throws(() => checkUrl('file:///etc/passwd', strict), /Only http and https/);
    assert.throws(() => checkUrl('http://user:pw@example.org/', strict), /user name or password/);
    assert.throws(
      () => checkUrl('http://169.254.169.254/latest/meta-data/', strict),
      (e: HttpError) => e.code === 'LG_HARVEST_SSRF',
    );
    assert.throws(
      () => checkUrl('http://[::1]:8080/', strict),
      (e: HttpError) => e.code === 'LG_HARVEST_SSRF',
    );
    // IPv4-compatible IPv6, which URL parsing turns into [::7f00:1]: loopback all the same.
    for (const url of [
      'http://[::127.0.0.1]/',
      'http://[::169.254.169.254]/latest/meta-data/',
      'http://[::ffff:10.0.0.1]/',
      'http://[0:0:0:0:0:0:7f00:1]:8080/',
    ]) {
      assert.throws(
        () => checkUrl(url, strict),
        (e: HttpError) => e.code === 'LG_HARVEST_SSRF',
        url,
      );
    }
    assert.equal(checkUrl('https://oai.example.org/oai', strict).hostname, 'oai.example.org');
    assert.ok(checkUrl('http://127.0.0.1/', { ...strict, allowPrivateHosts: true }));
  });

  describe('against a local server', () => {
    let server: OaiTestServer;
    before(async () => {
      server = await new OaiTestServer().start();
    });
    after(async () => server.stop());

    it('refuses a name that resolves to a loopback address (checked at DNS resolution)', async () => {
      await assert.rejects(
        safeFetch(`http://localhost:${server.port}/oai?verb=Identify`, {}, strict),
        (e: HttpError) => e.code === 'LG_HARVEST_SSRF',
      );
    });

    it('checks every redirect: an allowed host redirecting to the metadata address is refused', async () => {
      const limits = { ...strict, allowHosts: [`127.0.0.1:${server.port}`] };
      const ok = await safeFetch(`${server.url}?verb=Identify`, {}, limits);
      assert.equal(ok.status, 200);
      await assert.rejects(
        safeFetch(`http://127.0.0.1:${server.port}/redirect-to-metadata`, {}, limits),
        (e: HttpError) => e.code === 'LG_HARVEST_SSRF',
      );
    });

    it('stops a body larger than the limit', async () => {
      const limits = { ...strict, allowPrivateHosts: true, maxBytes: 1000 };
      const response = await safeFetch(`${server.url}?verb=ListRecords&metadataPrefix=lom`, {}, limits);
      await assert.rejects(
        async () => {
          for await (const _ of response.body) {
            /* read */
          }
        },
        (e: HttpError) => e.code === 'LG_HARVEST_TOO_LARGE',
      );
    });
  });
});

describe('character sets', () => {
  it('takes the charset from the header, the XML declaration, or a BOM', () => {
    assert.equal(xmlCharset('text/xml; charset=ISO-8859-1', new Uint8Array()), 'iso-8859-1');
    assert.equal(
      xmlCharset('text/xml', Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a/>')),
      'windows-1252',
    );
    assert.equal(xmlCharset(null, Buffer.from('<a/>')), 'utf-8');
    assert.equal(xmlCharset(null, Buffer.from([0xff, 0xfe, 0x3c, 0])), 'utf-16le');
  });
});

describe('decoding', () => {
  async function decode(bytes: Buffer, contentType: string | null) {
    let text = '';
    for await (const part of decodeXml(
      (async function* () {
        yield bytes;
      })(),
      contentType,
    ))
      text += part;
    return text;
  }
  it('reads declared UTF-8 and Latin-1, and undeclared Latin-1 as Windows-1252', async () => {
    const xml = '<title>Café in Paramaribo</title>';
    assert.equal(await decode(Buffer.from(xml, 'utf8'), 'text/xml; charset=utf-8'), xml);
    assert.equal(
      await decode(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>' + xml, 'latin1'), 'text/xml'),
      '<?xml version="1.0" encoding="ISO-8859-1"?>' + xml,
    );
    assert.equal(await decode(Buffer.from(xml, 'latin1'), 'text/xml'), xml);
  });
});
