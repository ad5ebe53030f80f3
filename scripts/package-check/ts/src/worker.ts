export class Worker {
  constructor(public port: number) {}
  start() {
    throw new Error("real worker must not start in tests")
  }
}
