"""Briefing: turn a folder of scraped articles into a clean, searchable static briefing site.

The build runs in parallel as processes, one per core (the article workers, the forked corpus
lanes, Pagefind). NumPy's and SciPy's BLAS would start a thread per core in each of them, and
its idle threads spin while they wait, taking the core from the process beside them: at 5,000
articles two article workers spent 9.7 ms of CPU an article with those threads and 7.7 ms
without. So the BLAS libraries (OpenBLAS, MKL, OpenMP's, and Accelerate's on macOS) get one
thread each, unless the environment asks for more; the setting has to be in place before NumPy
loads, which is why it is made on importing the package.
"""

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_variable, "1")

__version__ = "0.1.0"
