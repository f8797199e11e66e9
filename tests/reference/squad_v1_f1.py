#!/usr/bin/env python3
"""Reference values for loco's f1 scorer (tests/unit/test_textscore.c).

An independent Python 3 implementation of the token F1 of the official SQuAD
v1.1 evaluation script, evaluate-v1.1.py (Rajpurkar et al., 2016, published
with the dataset at https://rajpurkar.github.io/SQuAD-explorer/), written
from its definition:

  normalize: lower-case (str.lower), delete every character of
             string.punctuation, replace each whole-word a / an / the
             (re's \\b, Unicode in Python 3) with a space, split on white
             space (str.split);
  f1:        common = size of the multiset intersection of the two token
             lists; 0 when common is 0 (so two empty answers score 0);
             else P = common / len(prediction), R = common / len(truth),
             F1 = 2PR / (P + R);
  several gold answers: the maximum over them.

Run it to print the C table rows:  python3 tests/reference/squad_v1_f1.py
"""
import collections
import re
import string

PUNCTUATION = set(string.punctuation)
ARTICLE = re.compile(r"\b(?:a|an|the)\b")


def normalize(text):
    text = text.lower()
    text = "".join(ch for ch in text if ch not in PUNCTUATION)
    text = ARTICLE.sub(" ", text)
    return " ".join(text.split())


def f1(prediction, truth):
    pred, gold = normalize(prediction).split(), normalize(truth).split()
    common = sum((collections.Counter(pred) & collections.Counter(gold)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def best_f1(prediction, truths):
    return max(f1(prediction, t) for t in truths)


# (prediction, truth) pairs; the C test holds the same ones.
PAIRS = [
    ("Denver Broncos", "Denver Broncos"),
    ("The cat sat", "cat sat on the mat"),
    ("blue sky", "green grass"),
    ("", ""),
    ("the", "a an"),
    ("", "Paris"),
    ("Paris", ""),
    ("the Eiffel Tower.", "Eiffel Tower"),
    ("A dog, an apple & the end!", "dog apple end"),
    ("Levi's Stadium", "levis stadium"),
    ("theatre", "the atre"),
    ("cat cat cat dog", "cat dog dog"),
    ("Super Bowl L", "L"),
    ("The answer is Paris, France", "Paris"),
    ("\u00c9COLE", "\u00e9cole"),
    ("\u00c7a va?", "\u00e7a va"),
    ("3.14", "314"),
    ("New\u00a0York", "new york"),
    ("\u201cParis\u201d", "Paris"),
    ("\u201cThe river froze\u201d \u2014 it did", "the river froze"),
    ("Reasoning: first step.\nFinal: the river froze", "the river froze"),
    ("the\u201cend\u201d", "end"),
    ("x\x01y", "xy"),
    ("under_score", "underscore"),
    ("a\u00e9 the", "a\u00e9"),
    ("\u0130stanbul", "i\u0307stanbul"),
    ("\u039f\u0394\u039f\u03a3", "\u03bf\u03b4\u03bf\u03c2"),
    ("zero\u200bwidth", "zero width"),
]


def c_string(s):
    out = []
    for ch in s:
        if ch == "\\" or ch == '"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ord(ch) < 0x20 or ord(ch) > 0x7e:
            out.append("".join("\\x%02x" % b for b in ch.encode("utf-8")))
            out.append('""')  # end the hex escape before the next character
        else:
            out.append(ch)
    text = "".join(out)
    return '"' + (text[:-2] if text.endswith('""') else text) + '"'


if __name__ == "__main__":
    for pred, truth in PAIRS:
        print("    {%s, %s, %.17g}," % (c_string(pred), c_string(truth), f1(pred, truth)))
    print("    /* normalized forms */")
    for pred, _ in PAIRS:
        print("    {%s, %s}," % (c_string(pred), c_string(normalize(pred))))
    print("    /* best over gold answers */")
    for pred, truths in [("Denver Broncos won", ["Broncos", "Denver Broncos"]),
                         ("in 1912", ["1912", "the year 1912", "1911"]),
                         ("no idea", ["Paris", "France"])]:
        print("    {%s, %.17g}," % (c_string(pred), best_f1(pred, truths)))
