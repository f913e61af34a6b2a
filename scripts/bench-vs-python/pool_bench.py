"""multiprocessing.Pool and ProcessPoolExecutor with 2 processes, measured as
scripts/bench-vs-python.ts measures WorkerPool and Parallel: the overhead per
tiny task (x + 1), over TASKS tasks, with the same warm-up.

Usage: python3 pool_bench.py TASKS
Reads one measure per line on standard input (chunk1, chunk1000, chunkDefault
or executor), runs it once and prints its time in microseconds per task, so
that the caller can interleave these runs with its own.
"""

import gc
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool

tasks = int(sys.argv[1])


def increment(x):
    return x + 1


def per_task(run):
    gc.collect()  # as the Node side collects before each run, outside the timing
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1e6 / tasks


if __name__ == "__main__":
    inputs = list(range(tasks))
    with Pool(2) as pool, ProcessPoolExecutor(2) as executor:
        pool.map(increment, inputs, chunksize=100)  # warm-up
        list(executor.map(increment, inputs, chunksize=100))  # warm-up

        def submit_each():
            futures = [executor.submit(increment, x) for x in inputs]
            for future in futures:
                future.result()

        measures = {
            "chunk1": lambda: pool.map(increment, inputs, chunksize=1),
            "chunk1000": lambda: pool.map(increment, inputs, chunksize=1000),
            "chunkDefault": lambda: pool.map(increment, inputs),
            "executor": submit_each,
        }
        print("ready", flush=True)
        for line in sys.stdin:
            print(per_task(measures[line.strip()]), flush=True)
