import type { Attribution, LicenceView } from '../catalogue/model.ts';
import { type LessonDocument } from './model.ts';

/** What a lesson shows of a resource it uses; `missing` and `withdrawn` say the source let it go. */
export interface LessonResource {
  id: string;
  state: 'available' | 'withdrawn' | 'missing';
  title: string | null;
  kind: string | null;
  url: string | null;
  thumbnail: string | null;
  iiifManifest: string | null;
  licence: LicenceView | null;
  attribution: Attribution | null;
  withdrawnReason: string | null;
}

/** A lesson as the API shows it: the draft to who may edit it, else the latest published version. */
export interface LessonView {
  id: string;
  status: 'draft' | 'published';
  owner: { id: string; name: string };
  canEdit: boolean;
  revision: number;
  /** The latest published version; null before the first. */
  version: number | null;
  /** What `document` is: the draft, or a published version. */
  shows: { draft: true; version: null } | { draft: false; version: number };
  document: LessonDocument;
  resources: LessonResource[];
  /** The teacher's texts and notes rendered to safe HTML, by item id. */
  html: Record<string, string>;
  forkedFrom: { id: string; version: number | null; title: string; authors: string[] } | null;
  forkCount: number;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** One line of a lesson's attribution list. */
export interface AttributionLine {
  kind: 'resource' | 'closed' | 'based-on';
  itemIds: string[];
  resourceId: string | null;
  nl: string;
  en: string;
}
