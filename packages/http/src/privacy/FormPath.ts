/** Where each organisation's form for requesters is served: `/privacy/<organisation id or slug>`. */
export const PrivacyFormPrefix = "/privacy/"

/** Above every form, where a requester who cut the address short lands: the form's own "not found" page. */
export const PrivacyFormRoot = "/privacy"
