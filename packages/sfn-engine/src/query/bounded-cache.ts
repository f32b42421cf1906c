/**
 * Values worked out from a text (a compiled path, a parse's verdict), kept by the text with the
 * oldest dropped past a bound on their number and on the texts' length in all. The texts come
 * from whoever sends a definition or a TestState, so a cache that kept every one would let them
 * grow a server's memory until it dies.
 */
export class BoundedTextCache<V> {
  private readonly kept = new Map<string, V>();
  private characters = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxCharacters: number,
  ) {}

  /** The value kept for `text`, or the one `make` gives, kept from now on. */
  get(text: string, make: (text: string) => V): V {
    const found = this.kept.get(text);
    if (found !== undefined || this.kept.has(text)) return found as V;
    const value = make(text);
    this.kept.set(text, value);
    this.characters += text.length;
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= this.maxEntries && this.characters <= this.maxCharacters) break;
      this.kept.delete(oldest);
      this.characters -= oldest.length;
    }
    return value;
  }

  /** How many values are kept, and their texts' length in all. */
  get size(): { entries: number; characters: number } {
    return { entries: this.kept.size, characters: this.characters };
  }
}
