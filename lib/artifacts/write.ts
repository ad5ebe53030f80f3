import * as fs from "node:fs/promises"
import * as path from "node:path"
import { writeAtomic } from "./atomic"
import { claimFolder, folderName } from "./folder"
import { META_FILE, type LaneSummary, type TestMeta } from "./meta"
import { renderReport } from "./report-page"
import { addToRunList } from "./run-index"
import type { Story } from "./story"

/** Bytes of transcript.jsonl at most; past it, one last line says how many lines were left out. */
export const MAX_TRANSCRIPT_BYTES = 64 * 1024 * 1024
/** Characters of the failure message kept in meta.json. */
const MAX_META_ERROR = 4000

/** The files of one test's artifacts, absolute. */
export interface WrittenArtifacts {
  readonly dir: string
  readonly report: string
  readonly transcript: string
  readonly meta: string
}

/** The file name of a lane's output stream: `process-2.stdout.txt`. */
function outputFile(lane: number, stream: "stdout" | "stderr"): string {
  return `process-${lane}.${stream}.txt`
}

/** transcript.jsonl: one JSON line per line of the story, within {@link MAX_TRANSCRIPT_BYTES}. */
function transcriptText(story: Story): string {
  const parts: string[] = []
  let bytes = 0
  let left = story.linesLeftOut
  for (let i = 0; i < story.lines.length; i++) {
    const text = JSON.stringify(story.lines[i]) + "\n"
    bytes += Buffer.byteLength(text)
    if (bytes > MAX_TRANSCRIPT_BYTES) {
      left += story.lines.length - i
      break
    }
    parts.push(text)
  }
  if (left > 0)
    parts.push(
      JSON.stringify({
        lane: "test",
        kind: "test",
        direction: "event",
        event: "cut",
        note: `${left} more lines left out (size limit)`,
      }) + "\n",
    )
  return parts.join("")
}

/**
 * Writes one test's artifacts into a folder of `root` named after its title: transcript.jsonl,
 * each process's stdout and stderr, report.html and meta.json (last: a folder with a meta.json
 * is complete), and adds the test to the run's list, which the run index is made of. Throws what
 * the file system throws; the caller reports it.
 *
 * @example
 * ```ts
 * const { report } = await writeArtifacts("test-results/zmq", story, runId())
 * ```
 */
export async function writeArtifacts(
  root: string,
  story: Story,
  run: string,
): Promise<WrittenArtifacts> {
  const dir = await claimFolder(root, folderName(story.title), run)
  const transcript = "transcript.jsonl"
  await fs.writeFile(path.join(dir, transcript), transcriptText(story))
  const outputs = new Map<number, { stdout: string; stderr: string }>()
  const lanes: LaneSummary[] = []
  for (const lane of story.lanes) {
    if (lane.index === 0) continue
    let files: { stdout: string; stderr: string } | undefined
    if (lane.output) {
      files = { stdout: outputFile(lane.index, "stdout"), stderr: outputFile(lane.index, "stderr") }
      await fs.writeFile(path.join(dir, files.stdout), lane.output.stdout)
      await fs.writeFile(path.join(dir, files.stderr), lane.output.stderr)
      outputs.set(lane.index, files)
    }
    let messages = 0
    let events = 0
    story.laneOf.forEach((l, i) => {
      if (l !== lane.index) return
      if (story.lines[i].direction === "event") events++
      else messages++
    })
    lanes.push({
      name: lane.name,
      kind: lane.kind,
      ...(lane.type !== undefined && { type: lane.type }),
      ...(lane.endpoints && { endpoints: lane.endpoints }),
      messages,
      events,
      ...(lane.dropped && { dropped: lane.dropped }),
      ...files,
    })
  }
  const report = "report.html"
  await fs.writeFile(path.join(dir, report), renderReport(story, { transcript, outputs }))
  const meta: TestMeta = {
    version: 1,
    title: story.title,
    ...(story.file !== undefined && { file: story.file }),
    state: story.state,
    duration: story.duration,
    ...(story.error !== undefined && { error: story.error.slice(0, MAX_META_ERROR) }),
    ...(story.notices?.length && { notices: story.notices }),
    started: new Date(story.started).toISOString(),
    run,
    folder: path.basename(dir),
    report,
    transcript,
    lanes,
  }
  const metaFile = path.join(dir, META_FILE)
  await writeAtomic(metaFile, JSON.stringify(meta, null, 2) + "\n")
  await addToRunList(root, run, meta)
  return {
    dir,
    report: path.join(dir, report),
    transcript: path.join(dir, transcript),
    meta: metaFile,
  }
}
