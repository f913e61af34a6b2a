"""joblib.Memory and joblib.hash, measured as scripts/bench-vs-python.ts measures
yieldbook/memory: the same data, sizes, warm-up and repetitions.

Usage: python3 memory_bench.py LOCATION REPEATS SIZE_MIB
Prints one JSON object of samples in milliseconds.
"""

import json
import sys
import time

import joblib
import numpy as np

location, repeats, size_mib = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
SMALL_CALLS = 10  # one small-hit sample is the mean of this many calls

DATA = np.arange(size_mib * 1024 * 1024 // 8, dtype=np.float64) * 0.5


def small(n):
    return [n, n + 1, n + 2]


def big(seed):
    return DATA


def ms_since(start):
    return (time.perf_counter() - start) * 1000


memory = joblib.Memory(location, verbose=0)
read_only = joblib.Memory(location, mmap_mode="r", verbose=0)
cached_small = memory.cache(small)
cached_big = memory.cache(big)
mapped_big = read_only.cache(big)

samples = {"smallHit": [], "bigHitCopy": [], "bigHitView": [], "firstCall": [], "hash": []}

cached_small(1)  # warm-up: stores
cached_small(1)  # warm-up: first hit
for _ in range(repeats):
    start = time.perf_counter()
    for _ in range(SMALL_CALLS):
        cached_small(1)
    samples["smallHit"].append(ms_since(start) / SMALL_CALLS)

cached_big(1)  # warm-up: stores
for _ in range(repeats):
    memory.clear(warn=False)
    start = time.perf_counter()
    cached_big(1)
    samples["firstCall"].append(ms_since(start))

cached_big(1)  # warm-up: first hit (the entry is there from the loop above)
for _ in range(repeats):
    start = time.perf_counter()
    result = cached_big(1)
    samples["bigHitCopy"].append(ms_since(start))
    del result

mapped_big(1)  # warm-up
for _ in range(repeats):
    start = time.perf_counter()
    result = mapped_big(1)
    samples["bigHitView"].append(ms_since(start))
    del result

joblib.hash(DATA)  # warm-up
for _ in range(repeats):
    start = time.perf_counter()
    joblib.hash(DATA)
    samples["hash"].append(ms_since(start))

memory.clear(warn=False)
samples["versions"] = {
    "python": sys.version.split()[0],
    "joblib": joblib.__version__,
    "numpy": np.__version__,
}
print(json.dumps(samples))
