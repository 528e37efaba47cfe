/**
 * Some backends report a failed op only by writing a line, and return the output unwritten:
 * tfjs-backend-wasm's XNNPACK ops above rank 6 write "XNN status ... is not successful" to
 * stderr and hand back whatever the buffer held, which can even be right by chance. A case
 * during which such a line appears fails with it, whatever its values, so that the result does
 * not depend on leftover memory. Watches process.stderr (Node workers) and console.warn/error.
 */
export interface LogWatch {
  /** Stop watching; the lines that matched, in order. */
  stop(): string[];
}

export function watchFailureLog(pattern: RegExp): LogWatch {
  const lines: string[] = [];
  const note = (text: string) => {
    for (const line of text.split('\n')) if (pattern.test(line)) lines.push(line.trim());
  };
  const restore: Array<() => void> = [];
  const stderr = typeof process === 'undefined' ? undefined : process.stderr;
  if (stderr) {
    const write = stderr.write;
    stderr.write = function (this: unknown, chunk: unknown, ...rest: unknown[]) {
      if (typeof chunk === 'string') note(chunk);
      else if (chunk instanceof Uint8Array) note(new TextDecoder().decode(chunk));
      return (write as (...a: unknown[]) => boolean).call(stderr, chunk, ...rest);
    } as typeof stderr.write;
    restore.push(() => (stderr.write = write));
  }
  for (const level of ['warn', 'error'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      note(args.map(String).join(' '));
      original.apply(console, args);
    };
    restore.push(() => (console[level] = original));
  }
  return {
    stop() {
      for (const undo of restore.reverse()) undo();
      return lines;
    },
  };
}
