#!/usr/bin/env python3
"""Reference values for tests/unit/test_classifier.c, computed apart from
src/route/classifier.c: the features, TF-IDF and logistic regression of
classifier.h written again from their definitions in Python, and the
regression solved by Newton's method in 40-digit arithmetic (mpmath), not
by L-BFGS. Run it to print the numbers test_classifier.c checks (a few
minutes: Newton's steps on a 189-by-189 Hessian at 40 digits):

    python3 tests/unit/classifier_reference.py
"""
import re

import mpmath

mpmath.mp.dps = 40

SYMS = ["==", "!=", "=>", "->", "::", "&&", "||", "++", "<<", ">>"]


def words(text):
    out = []
    for w in re.findall(rb"[A-Za-z0-9_\x80-\xff]+", text.encode()):
        w = w.decode("utf-8", "surrogateescape")
        out.append("#n" if w.isdigit() and w.isascii() else
                   "".join(c.lower() if "A" <= c <= "Z" else c for c in w))
    return out


def near(s, i, step):
    j = i + step
    while 0 <= j < len(s):
        if s[j] not in " \t":
            return s[j]
        j += step
    return ""


def indicators(s, ws):
    dig = lambda c: c != "" and c in "0123456789"
    flags = {
        "#digit": any(dig(c) for c in s),
        "#op": any((c in "+-*/^=" and dig(near(s, i, -1)) and dig(near(s, i, 1))) or
                   (c == "%" and dig(near(s, i, -1))) for i, c in enumerate(s)),
        "#brace": any(c in "{}[]" for c in s),
        "#call": any(c == "(" and ((i > 0 and re.match(r"[A-Za-z0-9_]", s[i - 1])) or
                                   s[i + 1:i + 2] == ")") for i, c in enumerate(s)),
        "#semi": ";" in s,
        "#dollar": "$" in s,
        "#def": "def" in ws[:-1],
        "#sym": any(x in s for x in SYMS),
    }
    return [k for k, on in flags.items() if on]


def grams(ws, n):
    """Character n-grams within ASCII words (not #n), of "<word>" cut to 64
    bytes, each prefixed with "~"."""
    out = []
    for w in ws:
        if w.startswith("#") or not w.isascii():
            continue
        p = "<" + w[:64] + ">"
        out += ["~" + p[i:i + n] for i in range(len(p) - n + 1)]
    return out


def raw_features(s, n=0):
    ws = words(s)
    out = []
    for i, w in enumerate(ws):
        out.append(w)
        if i:
            out.append(ws[i - 1] + " " + w)
    return out + indicators(s, ws) + (grams(ws, n) if n else [])


def counted(s, n=0):
    order, count = [], {}
    for f in raw_features(s, n):
        if f not in count:
            order.append(f)
            count[f] = 0
        count[f] += 1
    return [(f, count[f]) for f in order]


CLASSES = ["math", "code", "base"]
TRAIN = [
    ("solve 3*4 quickly", 0), ("what is 12 / 5", 0), ("how many apples", 0),
    ("def f(x): return x; fix it", 1), ("fix my python loop", 1), ("my loop {never} ends", 1),
    ("hello there friend", 2), ("what is a good movie", 2), ("hello how are you", 2),
    ("hello again", 2),
]
QUERIES = ["fix this loop", "what is 7 * 8", "hello", "nothing known"]
L2 = mpmath.mpf("0.1")


def vocabulary(train, min_df):
    df = {}
    for s, _ in train:
        for f in set(raw_features(s)):
            df[f] = df.get(f, 0) + 1
    n = len(train)
    vocab = sorted((f for f in df if df[f] >= min_df), key=lambda f: f.encode())
    return vocab, {f: mpmath.log(mpmath.mpf(1 + n) / (1 + df[f])) + 1 for f in vocab}


def vector(s, vocab, idf):
    v = {}
    for f, c in counted(s):
        if f in idf:
            v[vocab.index(f)] = (1 + mpmath.log(c)) * idf[f]
    norm = mpmath.sqrt(sum(x * x for x in v.values()))
    return {i: x / norm for i, x in v.items()} if norm else v


def fit(xs, ys, nf, k):
    n = len(xs)
    per = [ys.count(j) for j in range(k)]
    cw = [mpmath.mpf(n) / (k * per[y]) for y in ys]
    total = sum(cw)
    cw = [c / total for c in cw]
    d = nf * k + k
    theta = mpmath.matrix(d, 1)

    def probs(x, th):
        z = [th[nf * k + j] + sum(v * th[f * k + j] for f, v in x.items()) for j in range(k)]
        m = max(z)
        e = [mpmath.exp(t - m) for t in z]
        return [t / sum(e) for t in e]

    for _ in range(60):
        g = mpmath.matrix(d, 1)
        h = mpmath.matrix(d, d)
        for i in range(nf * k):
            g[i] = L2 * theta[i]
            h[i, i] = L2
        for x, y, c in zip(xs, ys, cw):
            p = probs(x, theta)
            feats = list(x.items()) + [(None, 1)]
            idx = lambda f, j: nf * k + j if f is None else f * k + j
            for f, v in feats:
                for j in range(k):
                    g[idx(f, j)] += c * v * (p[j] - (j == y))
            for f1, v1 in feats:
                for f2, v2 in feats:
                    for a in range(k):
                        for b in range(k):
                            h[idx(f1, a), idx(f2, b)] += c * v1 * v2 * p[a] * ((a == b) - p[b])
        # the bias is free up to a constant: pin the last class's bias at 0
        last = nf * k + k - 1
        for i in range(d):
            h[last, i] = h[i, last] = 0
        h[last, last] = 1
        g[last] = 0
        step = mpmath.lu_solve(h, g)
        theta = theta - step
        if mpmath.norm(step) < mpmath.mpf(10) ** -30:
            break
    return lambda x: probs(x, theta)


def main():
    s = "Write def f(x): return x+1; if a == 3 then 12 * 4 is 48% of $100 {ok} ()"
    print("features of", repr(s))
    for f, c in counted(s):
        print("  %r %d" % (f, c))
    vocab, idf = vocabulary(TRAIN, 1)
    print("vocabulary: %d features" % len(vocab))
    for f in ["hello", "loop", "what is", "#digit", "#op"]:
        print("  idf %r = %s" % (f, mpmath.nstr(idf[f], 15)))
    xs = [vector(s, vocab, idf) for s, _ in TRAIN]
    ys = [y for _, y in TRAIN]
    predict = fit(xs, ys, len(vocab), len(CLASSES))
    for q in QUERIES:
        p = predict(vector(q, vocab, idf))
        print("  P(%r) = %s" % (q, ", ".join(mpmath.nstr(t, 12) for t in p)))


if __name__ == "__main__":
    import sys
    if sys.argv[1:] == ["--grams"]:  # the fast part: n-gram features only
        s = "Why is my Code_2 so slow? 42 caf\u00e9 a"
        print("features of", repr(s), "with 3-grams")
        for f, c in counted(s, 3):
            print("  %r %d" % (f, c))
    else:
        main()
