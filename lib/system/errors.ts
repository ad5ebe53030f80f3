export { ProgramError, GoldenError, type ProgramOutput } from "../errors"
