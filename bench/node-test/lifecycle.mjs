// Declares WARMUP + N tests running `body`, and a last test that prints the time per test from
// the first measured test's start to its own start (so every test's hooks, the adapter's close
// included, are inside): `ZMQH_BENCH {"perTestMicros": …}`.
const N = Number(process.env.ZMQH_BENCH_TESTS ?? 200)
const WARMUP = 20

export function lifecycleTests(test, body) {
  let started = 0
  for (let i = 0; i < WARMUP + N; i++) {
    test(`lifecycle ${i}`, async () => {
      if (i === WARMUP) started = performance.now()
      await body()
    })
  }
  test("measured", () => {
    const perTestMicros = ((performance.now() - started) * 1000) / N
    console.log(`ZMQH_BENCH ${JSON.stringify({ perTestMicros })}`)
  })
}
