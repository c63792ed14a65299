/**
 * Makes a failing request smaller while it still fails the same way, against the same server: headers dropped one
 * at a time, then parts of the body (a key removed, an array cut to its first item, a long string cut short), each
 * kept only if the answer is still the same failure. Greedy and bounded: a reproduction to read, not a proof of
 * minimality. The server's state moves on meanwhile, which is why a candidate must fail again to be kept.
 */
import type { FuzzRequest } from './fuzz-request'
import { copyTree, readSlot, removeSlot, slotsOf, writeSlot } from './raw-json'

export type StillFails = (candidate: FuzzRequest) => Promise<boolean>

function withoutHeader(request: FuzzRequest, name: string): FuzzRequest {
  const headers = { ...request.headers }
  Reflect.deleteProperty(headers, name)
  return { ...request, headers }
}

/** Smaller bodies than `json`: each one a single reduction of one place in the tree. */
function* smallerBodies(json: unknown): Generator<unknown> {
  const count = slotsOf(json, 400).length
  for (let i = 0; i < count; i++) {
    const reductions: ((tree: unknown) => boolean)[] = [
      (tree) => {
        const slot = slotsOf(tree, 400)[i]
        if (!slot) return false
        removeSlot(slot)
        return true
      },
      (tree) => {
        const slot = slotsOf(tree, 400)[i]
        const value = slot ? readSlot(slot) : undefined
        if (!slot || !Array.isArray(value) || value.length < 2) return false
        writeSlot(slot, value.slice(0, 1))
        return true
      },
      (tree) => {
        const slot = slotsOf(tree, 400)[i]
        const value = slot ? readSlot(slot) : undefined
        if (!slot || typeof value !== 'string' || value.length <= 40) return false
        writeSlot(slot, value.slice(0, 40))
        return true
      },
    ]
    for (const reduce of reductions) {
      const tree = copyTree(json)
      if (reduce(tree)) yield tree
    }
  }
}

export async function shrink(request: FuzzRequest, stillFails: StillFails, budget = 150): Promise<FuzzRequest> {
  let best: FuzzRequest = { ...request, headers: { ...request.headers } }
  let tries = 0
  for (const name of Object.keys(best.headers)) {
    if (tries++ >= budget) return best
    const candidate = withoutHeader(best, name)
    if (await stillFails(candidate)) best = candidate
  }
  for (let progress = true; progress && best.json !== undefined;) {
    progress = false
    for (const json of smallerBodies(best.json)) {
      if (tries++ >= budget) return best
      const candidate = { ...best, json }
      if (await stillFails(candidate)) {
        best = candidate
        progress = true
        break
      }
    }
  }
  return best
}
