/** The prices the server knows, in cents. */
const PRICES: Record<string, number> = { ACME: 1234, INITECH: 99 }

/**
 * The reply to one request. The bug the demo suite finds: an unknown symbol throws (and so
 * crashes the server) instead of answering `["error", …]`.
 */
export function quote(command: string, symbol: string): unknown[] {
  if (command !== "price") return ["error", `unknown command ${command}`]
  const cents = PRICES[symbol]
  if (cents === undefined) throw new Error(`no price for ${symbol}`)
  return ["quote", symbol, cents]
}
