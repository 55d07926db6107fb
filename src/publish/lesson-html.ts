import { escapeHtml as e } from '../kernel/html.ts';
import { licenceName } from '../lessons/licence-mix.ts';
import {
  chooseVariant,
  type Annotation,
  type LessonItem,
  type Region,
  type LessonSection,
  type Need,
  type SectionVariant,
} from '../lessons/model.ts';
import type { AttributionLine, LessonResource, LessonView } from '../lessons/view.ts';

/**
 * A published lesson as static HTML pages that need nothing else: no script, no remote style, no
 * remote image (a remote image would tell a third party who looks). Used by the offline web package
 * and the Common Cartridge export; tasks open with <details> so they work where scripts are removed.
 */

/** An image the export includes, by item id: its path relative to the page, and its alt text. */
export interface IncludedImage {
  path: string;
  alt: string;
  cut: boolean;
}

export interface RenderContext {
  view: LessonView;
  attribution: AttributionLine[];
  publicUrl: string;
  images: Map<string, IncludedImage>;
  /** The label of a level concept in the lesson's language. */
  levelLabel: (id: string) => string;
  /** Only this variant of each section; null renders every variant, each under its audience. */
  variant: { level: string | null; need: Need | null } | null;
}

const WORDS = {
  nl: {
    variantFor: 'Versie voor',
    everyone: 'iedereen',
    needs: { basis: 'basis', verdieping: 'verdieping', ondersteuning: 'extra ondersteuning' },
    closed: 'Gesloten materiaal',
    closedNote: 'alleen gelinkt, niet overgenomen',
    open: 'Openen',
    answer: 'Bekijk het modelantwoord',
    answers: 'Bekijk de antwoorden',
    correct: 'goed',
    wrong: 'fout',
    withdrawn: 'Dit item is door de bron teruggetrokken.',
    missing: 'Dit item bestaat niet meer.',
    whole: 'Hele afbeelding; het detail staat beschreven in het onderschrift.',
    attribution: 'Naamsvermelding',
    licence: 'Licentie van deze les',
    version: 'versie',
    onLeergoed: 'Deze les in Leergoed',
    linkOnly: 'Bekijk bij de bron',
    level: 'Niveau',
    duration: 'Duur',
    minutes: 'minuten',
    contents: 'Inhoud',
    annotations: 'Aantekeningen',
  },
  en: {
    variantFor: 'Version for',
    everyone: 'everyone',
    needs: { basis: 'basic', verdieping: 'extension', ondersteuning: 'extra support' },
    closed: 'Closed material',
    closedNote: 'linked only, not copied',
    open: 'Open',
    answer: 'Show the model answer',
    answers: 'Show the answers',
    correct: 'right',
    wrong: 'wrong',
    withdrawn: 'This item was withdrawn by its source.',
    missing: 'This item no longer exists.',
    whole: 'Whole image; the caption describes the detail.',
    attribution: 'Attribution',
    licence: 'Licence of this lesson',
    version: 'version',
    onLeergoed: 'This lesson on Leergoed',
    linkOnly: 'View at the source',
    level: 'Level',
    duration: 'Duration',
    minutes: 'minutes',
    contents: 'Contents',
    annotations: 'Notes',
  },
};

export const STYLE = `body{font-family:system-ui,sans-serif;line-height:1.5;max-width:46rem;margin:0 auto;padding:1rem;color:#1a1a1a}
h1,h2,h3{line-height:1.2}a{color:#0b5394}figure{margin:1rem 0}img{max-width:100%;height:auto}
.item{border-top:1px solid #ccc;padding:.75rem 0}.badge{display:inline-block;border:1px solid #7a4b00;color:#7a4b00;border-radius:3px;padding:0 .3rem;font-size:.85rem}
.detail{position:relative;display:inline-block}.pin{position:absolute;transform:translate(-50%,-50%);background:#b00020;color:#fff;border-radius:50%;min-width:1.5rem;text-align:center;font-weight:bold}
.box{position:absolute;border:3px solid #b00020}.note{color:#444}.variant{border-left:4px solid #0b5394;padding-left:.75rem;margin:1rem 0}
.attribution li{margin-bottom:.4rem}@media print{details{display:block}summary{display:none}a{color:inherit}}`;

export function page(title: string, language: 'nl' | 'en', body: string): string {
  return `<!doctype html>\n<html lang="${language}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${e(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

function audienceLabel(variant: SectionVariant, ctx: RenderContext): string {
  const w = WORDS[ctx.view.document.language];
  const parts = [
    ...variant.audience.levels.map(ctx.levelLabel),
    ...(variant.audience.need ? [w.needs[variant.audience.need]] : []),
  ];
  return parts.length ? parts.join(', ') : w.everyone;
}

/** The variants of a section the export shows. */
export function variantsShown(section: LessonSection, ctx: RenderContext): SectionVariant[] {
  return ctx.variant ? [chooseVariant(section, ctx.variant)] : section.variants;
}

/** One section: its title and the items of the variants shown. */
export function sectionHtml(section: LessonSection, ctx: RenderContext, heading: 'h1' | 'h2' = 'h2'): string {
  const variants = variantsShown(section, ctx);
  const w = WORDS[ctx.view.document.language];
  const title = section.title ? `<${heading}>${e(section.title)}</${heading}>` : '';
  if (variants.length === 1)
    return `<section>${title}${variants[0]!.items.map((i) => itemHtml(i, ctx)).join('\n')}</section>`;
  return `<section>${title}${variants.map((v) => `<div class="variant"><h3>${e(w.variantFor)} ${e(audienceLabel(v, ctx))}</h3>${v.items.map((i) => itemHtml(i, ctx)).join('\n')}</div>`).join('\n')}</section>`;
}

function resourceLink(resource: LessonResource | undefined, ctx: RenderContext): string {
  return resource?.url ?? `${ctx.publicUrl}/r/${resource?.id ?? ''}`;
}

function itemHtml(item: LessonItem, ctx: RenderContext): string {
  const w = WORDS[ctx.view.document.language];
  const html = ctx.view.html[item.id] ?? '';
  switch (item.type) {
    case 'text':
      return `<div class="item">${html}</div>`;
    case 'resource':
    case 'detail': {
      const resource = ctx.view.resources.find((r) => r.id === item.resourceId);
      const title = resource?.title ?? item.resourceId;
      if (!resource || resource.state !== 'available') {
        return `<div class="item"><h3>${e(title)}</h3><p><strong>${e(resource?.state === 'withdrawn' ? w.withdrawn : w.missing)}</strong>${resource?.withdrawnReason ? ` ${e(resource.withdrawnReason)}` : ''}</p></div>`;
      }
      const image = ctx.images.get(item.id);
      const link = `<a href="${e(resourceLink(resource, ctx))}">${e(w.linkOnly)}</a>`;
      const credit = resource.attribution
        ? `<p class="note"><small>${resource.attribution[ctx.view.document.language].html}</small></p>`
        : '';
      if (item.type === 'resource') {
        const figure = image ? `<figure><img src="${e(image.path)}" alt="${e(image.alt)}"></figure>` : '';
        return `<div class="item"><h3>${e(title)}</h3>${figure}${html}<p>${link}</p>${credit}</div>`;
      }
      const caption = item.caption || title;
      let figure = '';
      if (image) {
        const marks =
          image.cut && item.region ? item.annotations.map((a, n) => annotationMark(a, item.region!, n)).join('') : '';
        figure = `<figure><div class="detail"><img src="${e(image.path)}" alt="${e(caption)}">${marks}</div><figcaption>${e(caption)}${image.cut ? '' : ` <small>(${e(w.whole)})</small>`}</figcaption></figure>`;
      } else {
        figure = `<p><strong>${e(caption)}</strong></p>`;
      }
      const notes = item.annotations.length
        ? `<p>${e(w.annotations)}:</p><ol>${item.annotations.map((a) => `<li>${e(a.text)}</li>`).join('')}</ol>`
        : '';
      return `<div class="item"><h3>${e(title)}</h3>${figure}${notes}<p>${link}</p>${credit}</div>`;
    }
    case 'task': {
      const task = item.task;
      if (task.kind === 'open') {
        return `<div class="item"><p><strong>${e(task.question)}</strong></p>${task.answer ? `<details><summary>${e(w.answer)}</summary><p>${e(task.answer)}</p></details>` : ''}</div>`;
      }
      const options = task.options.map((o) => `<li>${e(o.text)}</li>`).join('');
      const answers = task.options
        .map(
          (o) =>
            `<li>${e(o.text)}: <strong>${e(o.correct ? w.correct : w.wrong)}</strong>${o.feedback ? ` — ${e(o.feedback)}` : ''}</li>`,
        )
        .join('');
      return `<div class="item"><p><strong>${e(task.question)}</strong></p><ol type="A">${options}</ol><details><summary>${e(w.answers)}</summary><ol type="A">${answers}</ol></details></div>`;
    }
    case 'closed': {
      const where = [item.publisher, item.method, item.chapter].filter(Boolean).join(', ');
      return `<div class="item"><p><span class="badge">${e(w.closed)}</span> <small>${e(w.closedNote)}</small></p><h3><a href="${e(item.url)}">${e(item.title)}</a></h3>${where ? `<p>${e(where)}</p>` : ''}${html}</div>`;
    }
  }
}

function annotationMark(a: Annotation, region: Region, n: number): string {
  const pct = (value: number, from: number, size: number) => `${(((value - from) / size) * 100).toFixed(2)}%`;
  if (a.kind === 'rect') {
    return `<span class="box" title="${e(a.text)}" style="left:${pct(a.x, region.x, region.w)};top:${pct(a.y, region.y, region.h)};width:${((a.w / region.w) * 100).toFixed(2)}%;height:${((a.h / region.h) * 100).toFixed(2)}%"></span>`;
  }
  return `<span class="pin" title="${e(a.text)}" style="left:${pct(a.x, region.x, region.w)};top:${pct(a.y, region.y, region.h)}">${n + 1}</span>`;
}

/** The lesson's heading: title, summary, levels, duration. */
export function headerHtml(ctx: RenderContext): string {
  const doc = ctx.view.document;
  const w = WORDS[doc.language];
  const facts = [
    doc.levels.length ? `${w.level}: ${doc.levels.map(ctx.levelLabel).join(', ')}` : '',
    doc.durationMinutes ? `${w.duration}: ${doc.durationMinutes} ${w.minutes}` : '',
  ].filter(Boolean);
  return `<header><h1>${e(doc.title)}</h1>${doc.summary ? `<p>${e(doc.summary)}</p>` : ''}${facts.length ? `<p>${facts.map(e).join(' · ')}</p>` : ''}</header>`;
}

/** The attribution list and the lesson's own licence. */
export function attributionHtml(ctx: RenderContext, heading: 'h1' | 'h2' = 'h2'): string {
  const doc = ctx.view.document;
  const w = WORDS[doc.language];
  const lines = ctx.attribution.map((l) => `<li>${e(l[doc.language])}</li>`).join('');
  const version = ctx.view.shows.draft ? '' : `, ${w.version} ${ctx.view.shows.version}`;
  const own = `${e(doc.title)} — ${e(ctx.view.owner.name)}${e(version)}. ${e(w.licence)}: <a href="${e(doc.licence)}">${e(licenceName(doc.licence))}</a>. <a href="${e(`${ctx.publicUrl}/les/${ctx.view.id}`)}">${e(w.onLeergoed)}</a>`;
  return `<section class="attribution"><${heading}>${e(w.attribution)}</${heading}><p>${own}</p>${lines ? `<ul>${lines}</ul>` : ''}</section>`;
}

/** Words the exports use outside the pages. */
export function exportWords(language: 'nl' | 'en') {
  return WORDS[language];
}
