#!/usr/bin/env python3
"""cv_reference.py: the folds test_route_cv.c expects, computed apart from
src/route/cv.c from the rule in cv.h: per class in label order, its examples
in order, shuffled by Fisher-Yates (j drawn below i for i = m..2) with
xoshiro256** seeded by splitmix64 (Vigna, prng.di.unimi.it) and Lemire's
bounded draw on the high 32 bits, then dealt 0, 1, ..., k-1 continuing
across classes; a negative label gets fold -1."""
M = (1 << 64) - 1


def splitmix(z):
    out = []
    for _ in range(4):
        z = (z + 0x9E3779B97F4A7C15) & M
        x = z
        x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M
        x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M
        out.append(x ^ (x >> 31))
    return out


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


class Rng:
    def __init__(self, seed):
        self.s = splitmix(seed)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, n):
        m = (self.next() >> 32) * n
        if (m & 0xFFFFFFFF) < n:
            reject = (1 << 32) % n
            while (m & 0xFFFFFFFF) < reject:
                m = (self.next() >> 32) * n
        return m >> 32


def folds(labels, k, seed):
    rng = Rng(seed)
    fold = [-1] * len(labels)
    deal = 0
    for c in range(max(labels) + 1):
        idx = [i for i, l in enumerate(labels) if l == c]
        for i in range(len(idx), 1, -1):
            j = rng.below(i)
            idx[i - 1], idx[j] = idx[j], idx[i - 1]
        for i in idx:
            fold[i] = deal % k
            deal += 1
    return fold


if __name__ == "__main__":
    labels = [0, 0, 0, 1, 1, -1, 2, 2, 2, 2, 0, 1, 0]
    print("labels", labels)
    print("k 3 seed 42:", folds(labels, 3, 42))
    print("k 2 seed 7:", folds(labels, 2, 7))
