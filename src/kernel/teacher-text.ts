import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const markdown = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false }).disable(['image']);

/**
 * Renders the teacher's text: a safe Markdown subset (paragraphs, emphasis, lists, headings, quotes,
 * code, links to http(s) and mailto). No raw HTML and no images (a remote image would let a third
 * party see the pupils' visits); the result is sanitised again.
 */
export function renderTeacherText(text: string): string {
  const html = markdown.render(text);
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'em',
      'strong',
      'ul',
      'ol',
      'li',
      'h2',
      'h3',
      'h4',
      'blockquote',
      'code',
      'pre',
      'a',
      'br',
      'hr',
    ],
    allowedAttributes: { a: ['href', 'rel'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: {
      h1: 'h2',
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer nofollow' } }),
    },
  });
}
