/**
 * Phrases by which a model declines to choose. Consulted only when no explicit or formatted answer
 * was found, so "잘 모르겠지만 정답은 C" still counts as C.
 */
const REFUSAL_PATTERNS: readonly RegExp[] = [
  /모르겠|모릅니다|몰라요/,
  /(?:답|답변|대답|선택|판단|결정|확인|특정)(?:을|를|은|하기|을\s*하기)?\s*(?:할|드릴|내릴|하기)?\s*수\s*(?:가\s*)?없/,
  /(?:판단|답변|대답|답|선택|결정)(?:을|을\s*드리기|을\s*하기|하기|드리기)?\s*(?:가|는)?\s*어렵/,
  /알\s*수\s*(?:가\s*)?없/,
  /확실하지\s*않|확신(?:할|이)\s*(?:수\s*)?없/,
  /(?:정답|답)\s*(?:이|은|:)?\s*없(?:음|습니다|다)|해당(?:하는|되는)\s*(?:것|보기|선택지|답)이\s*없|모두\s*(?:틀|오답)/,
  /\bI\s+(?:cannot|can['’]t|can not|am unable to|am not able to|won['’]t|will not)\s+(?:answer|determine|tell|say|choose|select|pick|help|provide|decide)\b/i,
  /\bI\s+(?:don['’]t|do not)\s+know\b/i,
  /\b(?:I['’]m|I am)\s+not\s+(?:sure|certain)\b/i,
  /\b(?:unable to (?:answer|determine)|cannot be determined|not enough information|insufficient information)\b/i,
  /\bnone of the (?:above|options|choices|answers)\b/i,
  // A reply that is only "N/A" or "해당 없음": the A of N/A is no option.
  /^\W*(?:n\s*\/\s*a|not\s+applicable|none|해당\s*(?:사항\s*)?없음|없음|없습니다)\W*$/i,
];

export function isRefusal(text: string): boolean {
  return REFUSAL_PATTERNS.some((pattern) => pattern.test(text));
}
