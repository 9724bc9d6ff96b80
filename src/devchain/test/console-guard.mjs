// Client libraries report shapes they do not expect on console.warn / console.error rather than throwing;
// the shape tests treat anything printed there as a failure.
export function failOnConsoleWarnings() {
  const printed = [];
  for (const level of ['warn', 'error']) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      printed.push(`${level}: ${args.map(String).join(' ')}`);
      original(...args);
    };
  }
  return {
    printed,
    assertQuiet() {
      if (printed.length > 0) throw new Error(`the client printed ${printed.length} warning(s):\n${printed.join('\n')}`);
    },
  };
}
