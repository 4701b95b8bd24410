/**
 * The words by which a reply states its answer, in Korean and English, grouped by strength.
 * Each pattern ends where the answer token would begin; the token itself is read by
 * `ChoiceReader.readAt`, so negation, hedges and "A or B" are handled in one place.
 */
export interface AnswerMarker {
  /** The rule name recorded when this marker decides. */
  rule: string;
  pattern: RegExp;
}

/** A committed final answer: `최종 답:`, `Final answer:`, `\boxed{}`, a JSON `answer` field. */
export const FINAL_MARKERS: readonly AnswerMarker[] = [
  { rule: "json-answer", pattern: /["'](?:final[_ ]?answer|answer|정답|답|choice|selected[_ ]?option)["']\s*:/giu },
  { rule: "boxed", pattern: /\\boxed\s*\{/g },
  {
    rule: "korean-final-answer",
    pattern:
      /최종\s*(?:적인\s*)?(?:정답|답안|답|선택)\s*[】\]]?\s*(?:은요|은|는|[:=→]|->)?|(?:최종적으로|결론적으로)\s*,?\s*(?:정답|답)\s*(?:은|는|:)|결론\s*:/g,
  },
  {
    rule: "english-final-answer",
    pattern:
      /\bfinal\s+answer\b(?:\s*(?:is\b|:|=|would\s+be\b|[-–—](?=\s)))?(?:\s*:)?(?:\s*the\s+final\s+answer\s+is\b)?|\bmy\s+final\s+(?:answer|choice)\s*(?:is\b|:)/gi,
  },
];

/** A stated answer: `정답: B`, `답은 (C)`, `옳은 것은 ③`, `Answer: B`, `The correct option is C`, `I'd go with D`, `I'd say D`. */
export const STATED_MARKERS: readonly AnswerMarker[] = [
  {
    rule: "korean-answer",
    // `답` alone, but not 오답 (wrong answer), 대답/응답/회답 (reply) or 답변/답례/답장.
    pattern: /(?:정답|해답|답안|(?<![오대응회명즉문])답(?![변례률장지]))\s*[】\]]?\s*(?:은요|은|는|이|[:=→]|->|[-–—](?=\s))?/g,
  },
  {
    rule: "korean-answer",
    pattern:
      /(?:가장\s*)?(?:옳은|맞는|알맞은|적절한|올바른|바른|타당한|옳지\s*않은|맞지\s*않은|적절하지\s*않은|알맞지\s*않은|올바르지\s*않은|틀린|잘못된)\s*(?:것|답|보기|선택지|설명|진술|답안)\s*(?:은|는|:)|(?<![가-힣])선택\s*(?:은|:)/g,
  },
  {
    rule: "english-answer",
    pattern:
      /\b(?:answer\s+to\s+(?:this|the)\s+(?:question|problem)\s+is\b|(?:(?:correct|right|best|most\s+(?:appropriate|likely|accurate))\s+)?answer(?:\s+(?:choice|option))?\s*(?:is\b|:|=|would\s+be\b|should\s+be\b|must\s+be\b|will\s+be\b|[-–—](?=\s))|(?:correct|right|best)\s+(?:option|choice)\s*(?:is\b|:|would\s+be\b)|I\s*(?:would|will|['’]d|['’]ll)?\s*(?:choose|pick|select|go\s+with)\b|I\s*(?:would|['’]d)\s+(?:say|guess)\b)/gi,
  },
];

/**
 * A conclusion that is only a label: `따라서 A입니다.`, `So A.`, `Therefore, (B).` The lookahead keeps
 * `따라서 A는 틀렸다` out: the label must end the sentence.
 */
export const CONCLUSION_MARKER: AnswerMarker = {
  rule: "conclusion-label",
  pattern:
    /(?:따라서|그러므로|결론적으로|그래서|\b(?:[Tt]herefore|[Tt]hus|[Hh]ence|[Ss]o))[,\s]*(?=[(\[*]*[A-Z①-⑳][)\]*]*[^\S\n]*(?:번)?[^\S\n]*(?:입니다|이다|예요|이에요|임|[.!。]|$))/gm,
};

/**
 * What follows a token that the reply declares right: `C가 정답입니다`, `C가 답이다`, `③이 옳습니다`, `B는 맞다`, `B를 선택합니다`.
 * Question forms (`맞는지`, `정답일까`) and denials (`정답이 아니다`, `맞지 않다`) do not match.
 */
export const KOREAN_VERDICT =
  /^[^\S\n]*(?:선택지|보기)?[^\S\n]*(?:(?:이|가|은|는|[-–—:])?[^\S\n]*(?:가장\s*|바로\s*)?(?:(?:정답|답(?![변장례]))(?!인지|일까|인가|일지|처럼|이\s*아|은\s*아|이라고|일\s*수|이지만|이긴|이더라도|이\s*되)|(?:맞|옳|타당|적절|알맞)(?:습니다|다|아요|음|합니다|하다|함|(?:는|은|한)\s*답(?:이다|입니다))(?!만))|(?:을|를)\s*(?:정답으로\s*)?(?:선택|고르|골라|고릅|택)(?!하면|한다면|할\s*경우|하기\s*전))/;

/** What follows a token that the reply declares right: `C is correct`, `(B) is the best answer`. */
export const ENGLISH_VERDICT =
  /^[^\S\n]*(?:is|would\s+be|seems\s+to\s+be)\s+(?:the\s+)?(?:correct|right|best|true)\b(?:\s+(?:answer|option|choice|one|statement))?(?!\s+(?:only\s+)?(?:if|when|for)\b)/i;

/** Words that introduce a conclusion: an answer stated after one of them is the reply's verdict. */
export const CONCLUSION_BEFORE =
  /(?:따라서|그러므로|그러니까|결론적으로|결국|즉|요약하면|정리하면|종합하면|\bso|\bthus|\btherefore|\bhence|\bin\s+conclusion|\boverall|\bin\s+summary)[,:]?\s*(?:,\s*)?(?:the\s+|my\s+)?$/i;
