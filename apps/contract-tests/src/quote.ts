// A server's answer quoted in a failure message. Messages live as long as the run and go into the
// reports, so a quote is short, and a string of its own: V8 keeps a whole parent string alive
// behind a short slice of it, and a 2 MB error body quoted by slicing would stay whole.

/** `text`, clipped to `max` characters, as a string that holds nothing else alive. */
export function clipText(text: string, max: number): string {
  return text.length > max ? `${Buffer.from(text.slice(0, max), 'utf8').toString('utf8')}…` : text;
}

/** A value as JSON, clipped for a message. */
export const quote = (value: unknown, max = 600): string => clipText(JSON.stringify(value) ?? String(value), max);
