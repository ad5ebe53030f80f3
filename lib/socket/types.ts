import * as zmq from "zeromq"

/** The socket types a test socket can have. */
export type SocketType =
  "pair" | "pub" | "sub" | "xpub" | "xsub" | "req" | "rep" | "dealer" | "router" | "push" | "pull"

type SocketClass = new (options?: Record<string, unknown>) => zmq.Socket

/** zeromq.js class of each socket type. */
export const socketClasses: Record<SocketType, SocketClass> = {
  pair: zmq.Pair,
  pub: zmq.Publisher,
  sub: zmq.Subscriber,
  xpub: zmq.XPublisher,
  xsub: zmq.XSubscriber,
  req: zmq.Request,
  rep: zmq.Reply,
  dealer: zmq.Dealer,
  router: zmq.Router,
  push: zmq.Push,
  pull: zmq.Pull,
} as unknown as Record<SocketType, SocketClass>

/** Every valid socket type, for messages. */
export const socketTypes = Object.keys(socketClasses) as SocketType[]

/** Types that cannot receive, and what to use instead. */
export const sendOnly: Partial<Record<SocketType, string>> = {
  pub: "a pub socket cannot receive; use xpub to see subscriptions, or a sub socket to receive what is published",
  push: "a push socket cannot receive; use pull on the receiving side",
}

/** Types that cannot send, and what to use instead. */
export const receiveOnly: Partial<Record<SocketType, string>> = {
  sub: "a sub socket cannot send; use xsub to send subscriptions by hand, or a pub socket to publish",
  pull: "a pull socket cannot send; use push on the sending side",
}
