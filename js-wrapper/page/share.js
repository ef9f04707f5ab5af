// The shareable link: the whole analysis spec, as JSON, in ?spec=. Other parameters are kept.
export function specFromUrl(href) {
  const text = new URL(href).searchParams.get('spec');
  if (text === null) return { spec: null };
  try {
    const spec = JSON.parse(text);
    if (!spec || typeof spec !== 'object' || !Array.isArray(spec.analyses)) throw new Error('no analyses');
    return { spec };
  } catch (error) {
    return { spec: null, error };
  }
}

export function urlWithSpec(href, spec) {
  const url = new URL(href);
  url.searchParams.delete('spec');
  const others = url.searchParams.toString();
  const specParameter = `spec=${encodeURIComponent(JSON.stringify(spec))}`;
  url.search = others ? `${others}&${specParameter}` : specParameter;
  return url.toString();
}
