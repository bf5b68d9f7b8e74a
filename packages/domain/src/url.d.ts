// The domain compiles without Node's or the DOM's typings so that no I/O API can slip in; the
// WHATWG URL parser is pure and present in every runtime we target, so it alone is declared.
declare class URL {
  constructor(input: string)
  readonly protocol: string
  readonly hostname: string
  readonly username: string
  readonly password: string
  readonly href: string
}
