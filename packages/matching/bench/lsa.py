"""Reference solver for the benchmark: scipy's linear_sum_assignment on a slot-expanded cost matrix.

usage: python3 lsa.py MATRIX_FILE ROWS COLS SLOTS BONUS

MATRIX_FILE holds ROWS x COLS float64 values (little-endian, row-major): column c < SLOTS is one
place with a mentor, cost -(BONUS + weight), or +inf where the pair may not be used; columns
SLOTS.. are "unmatched" places of cost 0. Prints one JSON line: matched rows, their summed weight,
the solve time in seconds (loading excluded) and the scipy version.
"""

import json
import sys
import time

try:
    import numpy as np
    import scipy
    from scipy.optimize import linear_sum_assignment
except ImportError as error:  # the benchmark skips the comparison with a note
    print(json.dumps({"skipped": f"python3 cannot import numpy/scipy: {error}"}))
    sys.exit(0)


def main() -> None:
    path, rows, cols, slots, bonus = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    cost = np.fromfile(path, dtype="<f8").reshape(rows, cols)
    started = time.perf_counter()
    row_index, col_index = linear_sum_assignment(cost)
    seconds = time.perf_counter() - started
    used = col_index < slots
    chosen = cost[row_index[used], col_index[used]]
    # Weights are integers below 2**31 and costs exact integers below 2**53: the sum is exact.
    weight = int(round(float(np.sum(-chosen - bonus))))
    print(json.dumps({"matched": int(np.count_nonzero(used)), "weight": weight, "seconds": seconds, "scipy": scipy.__version__}))


if __name__ == "__main__":
    main()
