/** The shape of `process.env`; tests pass plain objects. */
export type Env = Readonly<Record<string, string | undefined>>;
