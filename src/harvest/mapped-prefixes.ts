/** OAI-PMH metadata prefixes Leergoed maps, best first (used to pick one when a source names none). */
export const MAPPED_PREFIXES = ['nl_lom', 'lom', 'edm', 'europeana_edm', 'edm-strict', 'lido', 'oai_dc'];
