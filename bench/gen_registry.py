#!/usr/bin/env python3
"""Writes a registry of N adapters x K keywords (deterministic) for bench.sh."""
import random
import sys

n, k, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(42)
syll = ["ka", "lo", "mi", "ra", "tu", "ve", "zo", "ne", "shi", "pa", "qu", "do", "fe", "gri"]


def word():
    return "".join(rng.choice(syll) for _ in range(rng.randint(2, 4)))


with open(out, "w") as f:
    f.write('base_model: {ollama_name: "qwen3:4b"}\nadapters:\n')
    for i in range(n):
        kws = []
        for j in range(k):
            kws.append(word() if j % 5 else f"{word()} {word()}")
        kws[0] = ["solve", "python", "explain", "summarize", "apples"][i % 5] if i < 50 else kws[0]
        f.write(f"  gen{i:04d}:\n    version: 1.0.0\n    type: system-prompt\n")
        f.write(f"    description: generated adapter {i}\n")
        f.write("    router_keywords: [" + ", ".join(f'"{w}"' for w in kws) + "]\n")
