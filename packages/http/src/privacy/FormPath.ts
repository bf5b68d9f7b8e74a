/** Where each organisation's form for requesters is served: `/privacy/<organisation id or slug>`. */
export const PrivacyFormPrefix = "/privacy/"
