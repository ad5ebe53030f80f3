import { constants } from "node:os"
import { UsageError } from "../errors"
import { closestName } from "../util/closest-name"

/** The signals this system knows, by name (SIGTERM, SIGINT, …). */
const SIGNALS = Object.keys(constants.signals)

/** The signal meant by a typo: the same letters swapped ("SIGTREM") first, then the closest name. */
function guessSignal(name: string): string | undefined {
  const full = name.startsWith("SIG") ? name : `SIG${name}`
  const letters = (text: string) => [...text].sort().join("")
  return (
    SIGNALS.find((s) => letters(s) === letters(full)) ??
    closestName(full, SIGNALS) ??
    closestName(name, SIGNALS)
  )
}

/**
 * Throws a {@link UsageError} unless `signal` is a signal name this system
 * knows — checked before it is needed, since Node's `process.kill` with an
 * unknown name throws, and a caught throw would leave the process running
 * without a word. The message guesses the name meant and lists the valid ones.
 *
 * @param option where the signal was given, as the user wrote it: "`stop.signal`"
 * @example
 * ```ts
 * checkSignal("`stop.signal`", "SIGTREM") // UsageError: … Perhaps you meant "SIGTERM"? Valid signals: SIGHUP, …
 * ```
 */
export function checkSignal(option: string, signal: unknown): asserts signal is NodeJS.Signals {
  if (typeof signal === "string" && SIGNALS.includes(signal)) return
  const guess = typeof signal === "string" ? guessSignal(signal.toUpperCase()) : undefined
  throw new UsageError(
    `expected ${option} to be a signal name, got ${JSON.stringify(signal) ?? String(signal)}.` +
      (guess ? ` Perhaps you meant "${guess}"?` : "") +
      ` Valid signals: ${SIGNALS.join(", ")}.`,
  )
}
