import { Type } from 'typebox';

/** Whether a school login is offered, and the name on its button. */
export const OidcOffer = Type.Object({ enabled: Type.Boolean(), name: Type.Union([Type.String(), Type.Null()]) });
