/** Decodes UTF-8, falling back to Latin-1 when the bytes are not valid UTF-8. */
export function decodeUtf8OrLatin1(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}
