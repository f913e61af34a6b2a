"""multiprocessing.Pool and ProcessPoolExecutor with 2 processes, measured as
scripts/bench-vs-python.ts measures WorkerPool and Parallel: the overhead per
tiny task (x + 1), over TASKS tasks, the same warm-up and repetitions.

Usage: python3 pool_bench.py REPEATS TASKS
Prints one JSON object of samples in microseconds per task.
"""

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import Pool

repeats, tasks = int(sys.argv[1]), int(sys.argv[2])


def increment(x):
    return x + 1


def per_task(run):
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1e6 / tasks


if __name__ == "__main__":
    inputs = list(range(tasks))
    samples = {"chunk1": [], "chunk1000": [], "chunkDefault": [], "executor": []}
    with Pool(2) as pool:
        pool.map(increment, inputs, chunksize=100)  # warm-up
        for _ in range(repeats):
            samples["chunk1"].append(per_task(lambda: pool.map(increment, inputs, chunksize=1)))
        for _ in range(repeats):
            samples["chunk1000"].append(
                per_task(lambda: pool.map(increment, inputs, chunksize=1000))
            )
        for _ in range(repeats):
            samples["chunkDefault"].append(per_task(lambda: pool.map(increment, inputs)))
    with ProcessPoolExecutor(2) as executor:
        list(executor.map(increment, inputs, chunksize=100))  # warm-up

        def submit_each():
            futures = [executor.submit(increment, x) for x in inputs]
            for future in futures:
                future.result()

        for _ in range(repeats):
            samples["executor"].append(per_task(submit_each))
    print(json.dumps(samples))
