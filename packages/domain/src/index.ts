export * from "./CreateRequest.js"
export * from "./Deadline.js"
export * from "./Decide.js"
export * from "./Erasure.js"
export * from "./Errors.js"
export * from "./ExtraMessageVariables.js"
export * from "./Fields.js"
export * from "./History.js"
export * from "./HostedApiExamples.js"
export * from "./Ids.js"
export * from "./Input.js"
export {
  allowedTargets,
  ClosedStatuses,
  isTerminal,
  mayTransition,
  OpenStatuses,
  Statuses,
  TransitionTable
} from "./lifecycle.js"
export * from "./LifecycleDiagram.js"
export * from "./LifecycleMachine.js"
export * from "./Limits.js"
export * from "./Link.js"
export * from "./LinkState.js"
export * from "./Metadata.js"
export * from "./NewRequest.js"
export * from "./Note.js"
export * from "./Organization.js"
export * from "./Overdue.js"
export * from "./PatchRequest.js"
export * from "./Recipient.js"
export * from "./Regulations.js"
export * from "./Request.js"
export * from "./RequestField.js"
export * from "./Session.js"
export * from "./Source.js"
export * from "./Status.js"
export * from "./Timestamp.js"
export * from "./Translations.js"
export * from "./Urls.js"
export * from "./User.js"
export * from "./UserRights.js"
export * from "./Validation.js"
