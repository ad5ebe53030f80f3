import { expect } from "chai"
import * as fs from "node:fs"
import * as path from "node:path"
import { ROOT } from "../helpers/child-mocha"

// js-yaml is Mocha's own (it reads .mocharc.yml with it): always there where the tests run.
const yaml = require("js-yaml") as { load(text: string): unknown }

/** The ```yaml blocks of a markdown file, parsed. */
function yamlBlocks(file: string): Record<string, unknown>[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8")
  return [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map(
    (m) => yaml.load(m[1]) as Record<string, unknown>,
  )
}

interface Step {
  run?: string
  uses?: string
  if?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}

describe("artifacts: docs/ci.md", () => {
  const [github, gitlab] = yamlBlocks("docs/ci.md")

  it("has a GitHub Actions job that turns artifacts on for the tests and uploads that folder when they fail", () => {
    const steps = (github.jobs as { test: { steps: Step[] } }).test.steps
    const tests = steps.find((s) => s.run?.startsWith("npx mocha"))!
    const dir = tests.env!.ZMQ_HARNESS_ARTIFACTS
    expect(dir).to.be.a("string")
    expect(tests.env!.ZMQ_HARNESS_CASSETTES).to.equal("lockdown")
    const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!
    expect(upload.if).to.equal("failure()")
    expect(upload.with!.path).to.equal(dir)
    expect(steps.indexOf(upload)).to.be.above(steps.indexOf(tests))
  })

  // mocha-junit-reporter 2.2.1 cannot run under Mocha 12 ("Class constructor Base cannot be
  // invoked without 'new'"): the recipe uses Mocha's own xunit reporter, whose <failure> holds
  // the message with the report's [[ATTACHMENT|…]] line (the package check's ci scenario runs it).
  it("has a GitLab CI job that turns artifacts on and keeps that folder when it fails, with a JUnit report from Mocha's xunit reporter", () => {
    const job = gitlab.test as {
      variables: Record<string, string>
      script: string[]
      artifacts: { when: string; paths: string[]; reports: { junit: string } }
    }
    const dir = job.variables.ZMQ_HARNESS_ARTIFACTS
    expect(job.variables.ZMQ_HARNESS_CASSETTES).to.equal("lockdown")
    expect(job.artifacts.when).to.equal("on_failure")
    expect(job.artifacts.paths.map((p) => p.replace(/\/$/, ""))).to.deep.equal([dir])
    const mocha = job.script.find((line) => line.startsWith("npx mocha"))!
    expect(mocha).to.contain("--reporter xunit")
    expect(mocha).to.contain(`output=${job.artifacts.reports.junit}`)
    expect(mocha).not.to.contain("mocha-junit-reporter")
  })
})
