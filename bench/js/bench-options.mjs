// The bench scripts' command-line options: `--name value`.

// The text after --name, or undefined.
export function textOption(name) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

// The number after --name, or `fallback`.
export function numberOption(name, fallback) {
  const text = textOption(name);
  return text === undefined ? fallback : Number(text);
}
