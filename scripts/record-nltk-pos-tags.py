"""Records what NLTK returns for IFBench's words:start_verb, for src/scoring/part-of-speech.test.ts.

Run with an installed NLTK (Debian's python3-nltk 3.8 was used) and no nltk_data: the tagger is
given the model kfm ships (models/averaged-perceptron-tagger-eng), and `sent_tokenize` the Punkt
parameters kfm ships (src/scoring/data/punkt-english.json), so the recording tests kfm's ports of
word_tokenize, PerceptronTagger.tag and the checker against NLTK's own code on the same data.

    /usr/bin/python3 scripts/record-nltk-pos-tags.py > src/scoring/__fixtures__/nltk-pos-tags.json
"""
import gzip
import json
import sys
from pathlib import Path

import nltk
import nltk.tokenize
from nltk.tag.perceptron import PerceptronTagger
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

root = Path(__file__).resolve().parent.parent
model_dir = root / "models" / "averaged-perceptron-tagger-eng"


def model_part(name):
    with gzip.open(model_dir / f"averaged_perceptron_tagger_eng.{name}.json.gz", "rt", encoding="utf-8") as file:
        return json.load(file)


tagger = PerceptronTagger(load=False)
tagger.model.weights = model_part("weights")
tagger.tagdict = model_part("tagdict")
tagger.classes = tagger.model.classes = set(model_part("classes"))

punkt = json.loads((root / "src" / "scoring" / "data" / "punkt-english.json").read_text(encoding="utf-8"))
parameters = PunktParameters()
parameters.abbrev_types = set(punkt["abbreviations"])
parameters.collocations = {tuple(pair.split(",", 1)) for pair in punkt["collocations"]}
parameters.sent_starters = set(punkt["sentenceStarters"])
for flags, words in punkt["orthographicContext"].items():
    for word in words.split(" "):
        parameters.ortho_context[word] = int(flags)
sentences = PunktSentenceTokenizer(parameters)
nltk.tokenize.sent_tokenize = lambda text, language="english": sentences.tokenize(text)
nltk.pos_tag = lambda tokens, tagset=None, lang="eng": tagger.tag(tokens)


def start_verb(value):
    """StartWithVerbChecker.check_following in ifbench/instructions.py."""
    text = nltk.word_tokenize(value)
    return len(text) > 0 and len(nltk.pos_tag(text)) > 0 and "VB" in nltk.pos_tag(text)[0][1]


texts = [
    "Does this sentence start with a verb?",
    "This sentence does not start with a verb.",
    "Write a poem about the sea.",
    "Imagine a world without borders.",
    "Consider the following: a proof by induction.",
    "Let's begin with the basics.",
    "Don't forget the milk.",
    "Explore, discover, and learn!",
    "Galois theory explained in depth.",
    "Idea: an empire of suffering minds.",
    "Running is fun.",
    "Run.",
    "Go",
    "Prove it.",
    "Here is the proof.",
    "**Prove** the lemma first.",
    "# Title\n\nWrite here.",
    "1. Mix the flour.",
    "2025 was a year.",
    "Re-read the answers.",
    "\"Start\" is a verb.",
    "Dr. Smith will see you now.",
    "Embark on a journey.",
    "Delve into the data.",
    "Cultivate resilient relationships.",
    "Fostering connections matters.",
    "Mapping user journeys helps.",
    "Political ideologies vary.",
    "Are you sure?",
    "Is it raining?",
    "Have a look.",
    "Be kind.",
    "Make this clear and concise.",
    "Picture NYC in 2057.",
    "Understand the gaps. Then act.",
    "Ensure each word counts.",
    "Use ² as an exponent.",
    "² is a superscript.",
    "Sum 12 and 30.",
    "안녕하세요. Write in Korean.",
    "Unlock the door, then open it.",
    "Read",
    "read the book",
    "READ THE BOOK",
    "Tell me, O Muse, of that ingenious hero.",
    "   Leading spaces before Write.",
    "",
    "   ",
    "...",
    "Constructor functions build objects.",
]
prompts = [json.loads(line) for line in (root / "suites" / "ifbench" / "data" / "IFBench_test.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
texts += [prompt["prompt"] for prompt in prompts]

cases = []
for text in texts:
    tokens = nltk.word_tokenize(text)
    tags = [tag for _, tag in tagger.tag(tokens)]
    cases.append({"text": text, "tokens": tokens, "tags": tags, "startsWithVerb": start_verb(text)})

json.dump(
    {
        "source": f"NLTK {nltk.__version__} (word_tokenize, PerceptronTagger.tag) with kfm's Punkt parameters and tagger model, "
        "and IFBench's StartWithVerbChecker.check_following; recorded by scripts/record-nltk-pos-tags.py: "
        f"{len(texts) - len(prompts)} texts written for the test, then the {len(prompts)} prompts of suites/ifbench/data/IFBench_test.jsonl",
        "cases": cases,
    },
    sys.stdout,
    ensure_ascii=False,
    indent=1,
)
sys.stdout.write("\n")
