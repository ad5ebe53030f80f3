/**
 * The broker's heartbeat mode (`--heartbeat <ms>`): a Paranoid Pirate queue.
 * The backend is a ROUTER, so the broker chooses the worker of each request
 * among those it heard from recently (see ./workers): a worker that falls
 * silent — crashed, frozen, or behind a network that was cut — is taken out
 * of rotation within `liveness + 1` intervals instead of being sent requests
 * that are lost, and it is back as soon as it speaks again.
 *
 * Worker → broker: ["READY"] or ["HEARTBEAT"] (one frame), or a reply
 * [client id, "", body]. Broker → worker: ["HEARTBEAT"], or a request
 * [client id, "", body]. Requests wait in the broker while no worker is ready.
 */
import type { Router } from "zeromq"
import { fromClient } from "./route"
import { Workers } from "./workers"

export const READY = "READY"
export const HEARTBEAT = "HEARTBEAT"

export interface QueueOptions {
  /** ms between heartbeats, both ways. */
  heartbeat: number
  /** Intervals without a word after which a worker is out of rotation. */
  liveness: number
}

/** Runs until both sockets are closed. */
export async function runQueue(
  frontend: Router,
  backend: Router,
  { heartbeat, liveness }: QueueOptions,
): Promise<void> {
  const workers = new Workers(heartbeat * liveness)
  const pending: Buffer[][] = []

  // ROUTER sends never wait (a message to a peer that is gone is dropped), so
  // the two loops and the timer below may send on the same socket.
  function dispatch(): void {
    while (pending.length > 0) {
      const id = workers.next()
      if (id === undefined) return
      void backend.send([id, ...pending.shift()!])
    }
  }

  async function fromClients(): Promise<void> {
    for await (const frames of frontend) {
      const route = fromClient(frames)
      if (route.to === "frontend") void frontend.send(route.frames)
      else pending.push(route.frames)
      dispatch()
    }
  }

  async function fromWorkers(): Promise<void> {
    for await (const [idFrame, ...rest] of backend) {
      const id = idFrame.toString()
      const heard = workers.heard(id, Date.now())
      if (heard.kind === "new") console.log(`worker ${id} ready`)
      if (heard.kind === "back") console.log(`worker ${id} back after ${heard.after} ms`)
      if (rest.length > 1) void frontend.send(rest) // a reply; one frame is READY or HEARTBEAT
      dispatch()
    }
  }

  const timer = setInterval(() => {
    for (const { id, silentFor } of workers.expire(Date.now())) {
      console.log(`worker ${id} gone, silent for ${silentFor} ms`)
    }
    for (const id of workers.inRotation()) void backend.send([id, HEARTBEAT])
  }, heartbeat)
  try {
    await Promise.all([fromClients(), fromWorkers()])
  } catch (err) {
    if (!frontend.closed && !backend.closed) throw err
  } finally {
    clearInterval(timer)
  }
}
