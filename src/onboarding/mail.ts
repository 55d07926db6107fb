import type { MemberRole } from '../accounts/model.ts';
import type { MailMessage } from '../mail/mailer.ts';
import { renderMail } from '../mail/render.ts';
import { INVITATION_DAYS } from './model.ts';

/** The mails of onboarding, each a job (retried when the mail server does not answer). */
export const ONBOARDING_MAIL_JOB = 'onboarding-mail';

/** A job's payload names the row; addresses, names and tokens are read or made when it is sent. */
export type OnboardingMailPayload =
  { kind: 'invitation'; invitationId: string } | { kind: 'approved' | 'refused'; applicationId: string };

type Lang = 'nl' | 'en';
export const mailLang = (lang: string): Lang => (lang === 'en' ? 'en' : 'nl');

const ROLE_NAMES: Record<MemberRole, Record<Lang, string>> = {
  editor: { nl: 'redacteur', en: 'editor' },
  member: { nl: 'lid', en: 'member' },
};

/** The invitation to an organisation, with the link that accepts it. */
export function invitationMail(
  lang: Lang,
  to: string,
  v: { organisation: string; inviter: string; role: MemberRole; link: string },
): MailMessage {
  const role = ROLE_NAMES[v.role][lang];
  return renderMail(
    lang === 'nl'
      ? {
          to,
          subject: `Uitnodiging voor ${v.organisation} op Leergoed`,
          greeting: 'Hallo,',
          paragraphs: [
            `${v.inviter} nodigt je uit om als ${role} van ${v.organisation} mee te werken op Leergoed, het platform voor open leermateriaal en erfgoed in het onderwijs.`,
            v.role === 'editor'
              ? `Als redacteur beheer je de bronnen en collecties van ${v.organisation} en nodig je zelf collega's uit.`
              : `Als lid hoor je bij ${v.organisation} op Leergoed.`,
          ],
          action: { label: 'Uitnodiging bekijken', link: v.link },
          after: `De link werkt ${INVITATION_DAYS} dagen en één keer. Verwachtte je deze uitnodiging niet? Dan hoef je niets te doen.`,
        }
      : {
          to,
          subject: `Invitation to ${v.organisation} on Leergoed`,
          greeting: 'Hello,',
          paragraphs: [
            `${v.inviter} invites you to work on Leergoed, the platform for open learning material and heritage in education, as ${role} of ${v.organisation}.`,
            v.role === 'editor'
              ? `As an editor you manage the sources and collections of ${v.organisation} and invite colleagues yourself.`
              : `As a member you belong to ${v.organisation} on Leergoed.`,
          ],
          action: { label: 'See the invitation', link: v.link },
          after: `The link works for ${INVITATION_DAYS} days, once. Did you not expect this invitation? Then you need not do anything.`,
        },
  );
}

/** The decision on an application: approved, or refused with the administrator's reason. */
export function decisionMail(
  lang: Lang,
  to: string,
  v: { approved: boolean; name: string; organisation: string; reason: string | null; link: string },
): MailMessage {
  if (v.approved)
    return renderMail(
      lang === 'nl'
        ? {
            to,
            subject: `${v.organisation} staat op Leergoed`,
            greeting: `Hallo ${v.name},`,
            paragraphs: [
              `Je aanvraag voor ${v.organisation} is goedgekeurd. Je bent nu redacteur van ${v.organisation}: je voegt bronnen toe, uploadt bestanden en nodigt collega's uit.`,
            ],
            quote: v.reason,
            action: { label: 'Naar je organisatie', link: v.link },
            after: 'Log opnieuw in om met je nieuwe rechten te werken.',
          }
        : {
            to,
            subject: `${v.organisation} is on Leergoed`,
            greeting: `Hello ${v.name},`,
            paragraphs: [
              `Your application for ${v.organisation} has been approved. You are now an editor of ${v.organisation}: you add sources, upload files and invite colleagues.`,
            ],
            quote: v.reason,
            action: { label: 'To your organisation', link: v.link },
            after: 'Sign in again to work with your new rights.',
          },
    );
  return renderMail(
    lang === 'nl'
      ? {
          to,
          subject: `Je aanvraag voor ${v.organisation} op Leergoed`,
          greeting: `Hallo ${v.name},`,
          paragraphs: [`Je aanvraag voor ${v.organisation} is niet goedgekeurd. De beheerder schreef erbij:`],
          quote: v.reason,
          action: { label: 'Opnieuw aanvragen', link: v.link },
          after: 'Je kunt een nieuwe aanvraag doen met wat er nog ontbrak.',
        }
      : {
          to,
          subject: `Your application for ${v.organisation} on Leergoed`,
          greeting: `Hello ${v.name},`,
          paragraphs: [`Your application for ${v.organisation} has not been approved. The administrator wrote:`],
          quote: v.reason,
          action: { label: 'Apply again', link: v.link },
          after: 'You can apply again with what was missing.',
        },
  );
}
