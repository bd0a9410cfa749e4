// Whether one JSON Schema `pattern` accepts everything another does, by regular-language
// inclusion (refa builds an automaton of each; A ⊆ B when A meets nothing of B's complement).
// A pattern is unanchored in JSON Schema, so `abc` means "contains abc": each top-level
// alternative gets an any-string prefix unless it starts with ^, and a suffix unless it ends with $.
// What refa cannot model (lookarounds, backreferences, an automaton past the size cap) is
// "unknown", which callers treat as a change that may refuse values.
import { CharSet, DFA, isDisjointWith, JS, NFA } from 'refa';

/** How `head` relates to `base`, as sets of accepted strings. Absent means any string. */
export type Relation = 'same' | 'tighter' | 'looser' | 'both' | 'unknown';

const MAX_NODES = 20_000;
const languages = new Map<string, NFA | null>();

type Element = JS.ParseResult['expression']['alternatives'][number]['elements'][number];

const isEdge = (element: Element | undefined, kind: 'ahead' | 'behind'): boolean => {
  if (element?.type !== 'Assertion' || element.kind !== kind || !element.negate) return false;
  const [only, ...rest] = element.alternatives;
  const [char, ...more] = only?.elements ?? [];
  return rest.length === 0 && more.length === 0 && char?.type === 'CharacterClass' && char.characters.isAll;
};

function language(pattern: string): NFA | null {
  if (languages.has(pattern)) return languages.get(pattern)!;
  let result: NFA | null = null;
  try {
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: pattern, flags: 'u' }).parse({
      assertions: 'parse',
      backreferences: 'throw',
    });
    const anyString = () => ({
      type: 'Quantifier' as const,
      min: 0,
      max: Infinity,
      lazy: false,
      alternatives: [
        {
          type: 'Concatenation' as const,
          elements: [{ type: 'CharacterClass' as const, characters: CharSet.all(maxCharacter) }],
        },
      ],
    });
    const alternatives = expression.alternatives.map((alternative) => {
      const elements = [...alternative.elements];
      const anchoredStart = isEdge(elements[0], 'behind');
      if (anchoredStart) elements.shift();
      const anchoredEnd = isEdge(elements.at(-1), 'ahead');
      if (anchoredEnd) elements.pop();
      return {
        type: 'Concatenation' as const,
        elements: [...(anchoredStart ? [] : [anyString()]), ...elements, ...(anchoredEnd ? [] : [anyString()])],
      };
    });
    result = NFA.fromRegex(
      { type: 'Expression', alternatives } as never,
      { maxCharacter },
      { assertions: 'throw' },
      new NFA.LimitedNodeFactory(MAX_NODES),
    );
  } catch {
    result = null;
  }
  languages.set(pattern, result);
  return result;
}

/** L(a) ⊆ L(b), or undefined when either cannot be modelled. */
function subset(a: string, b: string): boolean | undefined {
  const left = language(a);
  const right = language(b);
  if (!left || !right) return undefined;
  try {
    const complement = DFA.fromFA(right, new DFA.LimitedNodeFactory(MAX_NODES));
    complement.complement();
    return isDisjointWith(left, complement, MAX_NODES);
  } catch {
    return undefined;
  }
}

export function patternRelation(base: string | undefined, head: string | undefined): Relation {
  if (base === head) return 'same';
  // No pattern accepts any string, as the empty pattern does.
  const baseInHead = subset(base ?? '', head ?? '');
  const headInBase = subset(head ?? '', base ?? '');
  if (baseInHead === undefined || headInBase === undefined) return 'unknown';
  if (baseInHead && headInBase) return 'same';
  if (baseInHead) return 'looser';
  if (headInBase) return 'tighter';
  return 'both';
}
