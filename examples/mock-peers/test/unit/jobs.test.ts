import { expect } from "chai"
import { parseJob, work } from "../../src/jobs"

describe("jobs", () => {
  it("squares the number of a job", () => {
    expect(work({ id: 3, n: 7 })).to.deep.equal({ id: 3, value: 49 })
  })

  it("refuses a job frame without an id and a number", () => {
    expect(() => parseJob(Buffer.from('{"id":1}'))).to.throw(
      'expected a job {"id": <number>, "n": <number>}, got {"id":1}',
    )
  })
})
