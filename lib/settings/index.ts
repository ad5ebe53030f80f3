import { UsageError } from "../errors"
import { closestName } from "../util/closest-name"
import { checkDuration, MAX_DURATION } from "../util/duration"
// artifacts
import { artifactsRule, type ArtifactsSettings } from "./artifacts"

/**
 * Settings that apply to every test socket and test, unless an option of
 * the call says otherwise.
 *
 * @example
 * ```ts
 * import { settings } from "zmq-harness"
 * const bound: Settings["timeout"] = settings.timeout // 1000 unless configured
 * ```
 */
export interface Settings {
  /** Default bound, in ms, of every send and receive. Default 1000 (env `ZMQ_HARNESS_TIMEOUT`). */
  timeout: number
  /**
   * Fail a test whose sockets hold messages it never read when it ends.
   * Default false: they are reported on stderr (env `ZMQ_HARNESS_FAIL_ON_UNREAD=1`).
   */
  failOnUnread: boolean
  /**
   * How many entries a socket's transcript keeps (the oldest are dropped first).
   * Default 1000 (env `ZMQ_HARNESS_TRANSCRIPT_LIMIT`).
   */
  transcriptLimit: number
  // The defaults of processes under test and of runProgram (helper "program" reads them).
  /** How long `startProcess`/`startModule` wait for `ready`, in ms. Default 10000 (env `ZMQ_HARNESS_READY_TIMEOUT`). */
  readyTimeout: number
  /** How long `stop()` waits for a process to end before SIGKILL, in ms. Default 2000 (env `ZMQ_HARNESS_GRACE`). */
  grace: number
  /** Default bound of `proc.waitForOutput()`, in ms. Default 5000 (env `ZMQ_HARNESS_WAIT_FOR_OUTPUT_TIMEOUT`). */
  waitForOutputTimeout: number
  /**
   * How many characters of stdout and of stderr a process handle keeps (the
   * newest). Default 1 MiB (env `ZMQ_HARNESS_OUTPUT_LIMIT`).
   */
  outputLimit: number
  /**
   * How many characters of stdout and of stderr `runProgram` keeps (the newest;
   * what is cut is marked `[… N bytes cut …]`). Default 16 MiB (env `ZMQ_HARNESS_PROGRAM_OUTPUT_LIMIT`).
   */
  programOutputLimit: number
  // artifacts
  /**
   * Per-test artifacts (transcript.jsonl, process output, report.html) in `dir`, for failed
   * tests (`when: "failed"`) or every test (`"always"`); `false` (default): none. Env
   * `ZMQ_HARNESS_ARTIFACTS=dir` (and `ZMQ_HARNESS_ARTIFACTS_WHEN=failed|always`).
   */
  artifacts: ArtifactsSettings | false
}

/** How one setting is checked, and the environment variable that may set it. */
interface Rule<T> {
  env: string
  /** Checks a value given to configure(); throws a UsageError naming `name`. */
  check(name: string, value: unknown): T
  /** Reads the environment variable's text; undefined when it is not a valid value. */
  parse(text: string): T | undefined
  /** What the environment variable may hold, for its error. */
  accepts: string
}

function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value === "boolean") return value
  throw new UsageError(
    `expected \`${name}\` to be true or false, got ${shown(value)}. Give a boolean.`,
  )
}

function checkCount(name: string, value: unknown, min = 0): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= min) return value
  throw new UsageError(
    `expected \`${name}\` to be a whole number, ${min} or more, got ${shown(value)}. Give e.g. 1000.`,
  )
}

function shown(value: unknown): string {
  if (typeof value === "string") return `${JSON.stringify(value)} (a string)`
  if (typeof value === "object" && value !== null) return "an object"
  return String(value)
}

/** A decimal number as written in an environment variable ("1500", "2.5"); anything else is undefined. */
function envNumber(text: string): number | undefined {
  return /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : undefined
}

/** A setting that is a duration, checked as every duration is. */
function duration(env: string): Rule<number> {
  return {
    env,
    check: (name, value) => checkDuration(name, value),
    parse: (text) => {
      const n = envNumber(text)
      return n !== undefined && n <= MAX_DURATION ? n : undefined
    },
    accepts: `a number of milliseconds from 0 to ${MAX_DURATION}, e.g. 1000`,
  }
}

/** A setting that is a whole number of at least `min` (a limit). */
function count(env: string, min: number): Rule<number> {
  return {
    env,
    check: (name, value) => checkCount(name, value, min),
    parse: (text) => {
      const n = envNumber(text)
      return n !== undefined && Number.isSafeInteger(n) && n >= min ? n : undefined
    },
    accepts: `a whole number, ${min} or more, e.g. 1000`,
  }
}

const rules: { [K in keyof Settings]: Rule<Settings[K]> } = {
  timeout: duration("ZMQ_HARNESS_TIMEOUT"),
  failOnUnread: {
    env: "ZMQ_HARNESS_FAIL_ON_UNREAD",
    check: checkBoolean,
    parse: (text) =>
      /^(1|true|yes)$/i.test(text.trim())
        ? true
        : /^(0|false|no)$/i.test(text.trim())
          ? false
          : undefined,
    accepts: "1, true or yes (or 0, false, no)",
  },
  transcriptLimit: count("ZMQ_HARNESS_TRANSCRIPT_LIMIT", 0),
  readyTimeout: duration("ZMQ_HARNESS_READY_TIMEOUT"),
  grace: duration("ZMQ_HARNESS_GRACE"),
  waitForOutputTimeout: duration("ZMQ_HARNESS_WAIT_FOR_OUTPUT_TIMEOUT"),
  outputLimit: count("ZMQ_HARNESS_OUTPUT_LIMIT", 1),
  programOutputLimit: count("ZMQ_HARNESS_PROGRAM_OUTPUT_LIMIT", 1),
  // artifacts
  artifacts: artifactsRule,
}

const names = Object.keys(rules) as (keyof Settings)[]

/**
 * A setting from its environment variable, or `fallback` when it is unset or
 * empty. A value that does not parse is an error naming the variable: a typo
 * in CI's environment must not silently run with the default.
 */
function fromEnv<K extends keyof Settings>(key: K, fallback: Settings[K]): Settings[K] {
  const rule = rules[key]
  const text = process.env[rule.env]
  if (text === undefined || text.trim() === "") return fallback
  const value = rule.parse(text)
  if (value !== undefined) return value
  throw new UsageError(
    `expected the environment variable ${rule.env} to be ${rule.accepts}, got ${JSON.stringify(text)}. ` +
      `Fix or unset ${rule.env}.`,
  )
}

/** The settings in force. Change them with {@link configure}. */
export const settings: Settings = {
  timeout: fromEnv("timeout", 1000),
  failOnUnread: fromEnv("failOnUnread", false),
  transcriptLimit: fromEnv("transcriptLimit", 1000),
  readyTimeout: fromEnv("readyTimeout", 10_000),
  grace: fromEnv("grace", 2000),
  waitForOutputTimeout: fromEnv("waitForOutputTimeout", 5000),
  outputLimit: fromEnv("outputLimit", 1024 * 1024),
  programOutputLimit: fromEnv("programOutputLimit", 16 * 1024 * 1024),
  // artifacts
  artifacts: fromEnv("artifacts", false),
}

/**
 * Changes settings for the rest of the run (call it from a `.mocharc` `require`d
 * file or a root `before` hook). Returns the previous settings. Every value is
 * checked first (durations as every option is, see `checkDuration`); an
 * unknown key or a bad value is a `UsageError` and changes nothing.
 *
 * @example
 * ```ts
 * import { configure } from "zmq-harness"
 * configure({ failOnUnread: true, timeout: 500 })
 * ```
 */
export function configure(changes: Partial<Settings>): Settings {
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
    throw new UsageError(
      `expected configure() to get an object of settings (${names.join(", ")}), got ${shown(changes)}.`,
    )
  }
  const checked: Partial<Record<keyof Settings, unknown>> = {}
  for (const [key, value] of Object.entries(changes)) {
    if (!Object.hasOwn(rules, key)) {
      const guess = closestName(key, names)
      throw new UsageError(
        `expected settings of configure() (${names.join(", ")}), got an unknown setting \`${key}\`.` +
          (guess ? ` Perhaps you meant \`${guess}\`?` : " Remove it."),
      )
    }
    if (value === undefined) continue
    const name = key as keyof Settings
    checked[name] = rules[name].check(`configure({ ${name} })`, value)
  }
  const previous = { ...settings }
  Object.assign(settings, checked)
  return previous
}
