import type { Scope } from "../mocha/scope"
import type { Cassette } from "./format"
import type { CassetteLocation } from "./location"
import type { ReplayOptions } from "./options"

export interface ReplayPeer {
  readonly kind: "peer"
  readonly mode: "replay"
  readonly endpoint: string
}

export function startReplay(
  _name: string,
  _location: CassetteLocation,
  _cassette: Cassette,
  _options: ReplayOptions & { timeout: number; scope: Scope },
): Promise<ReplayPeer> {
  return Promise.reject(new Error("not yet"))
}
