// Terminal output: colours only on a TTY without NO_COLOR, progress only on a TTY.

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly color: boolean;
  readStdin(): Promise<string>;
}

export function processIo(env: NodeJS.ProcessEnv = process.env): Io {
  const stderrIsTTY = process.stderr.isTTY === true;
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY,
    color: stderrIsTTY && (env.NO_COLOR === undefined || env.NO_COLOR === "") && env.TERM !== "dumb",
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  };
}

const codes = { red: [31, 39], yellow: [33, 39], green: [32, 39], bold: [1, 22], dim: [2, 22] } as const;

export function paint(io: Io, style: keyof typeof codes, text: string): string {
  if (!io.color) return text;
  const [a, b] = codes[style];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}

/** Runs `work` with a spinner on stderr when it is a TTY; silent otherwise. */
export async function withProgress<T>(io: Io, label: string, work: () => Promise<T>): Promise<T> {
  if (!io.stderrIsTTY) return work();
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let i = 0;
  const timer = setInterval(() => io.err(`\r${frames[i++ % frames.length]} ${label}`), 80);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    io.err(`\r\u001b[2K`);
  }
}
