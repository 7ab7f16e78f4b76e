"""NumPy submodules the build never uses, loaded only if something reads them.

SciPy (from 1.15) builds an array-API namespace for NumPy when ``scipy.sparse`` is first
imported, and it reads every name ``dir(numpy)`` lists, so every NumPy submodule NumPy itself
loads on first use (its Fortran wrapper generator ``f2py``, ``testing`` with ``unittest``,
``ma``, ``polynomial``) is imported there: 0.05 s of every build that groups. Each one is put in
place beforehand as a lazy module (:class:`importlib.util.LazyLoader`): the namespace holds it,
and it is executed on the first attribute anything reads from it, as an import would have.
Importing this module does that; the package that loads SciPy (:mod:`generator.group`) imports
it first.
"""

from __future__ import annotations

import importlib.util
import sys

UNUSED_NUMPY_SUBMODULES = ("numpy.f2py", "numpy.testing", "numpy.ma", "numpy.polynomial")


def defer(names: tuple[str, ...] = UNUSED_NUMPY_SUBMODULES) -> None:
    """Make each module of ``names`` (a submodule of an importable package) load on first use;
    one already imported, or not found, is left as it is."""
    for name in names:
        if name in sys.modules:
            continue
        parent_name, _, child = name.rpartition(".")
        parent = importlib.import_module(parent_name)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        setattr(parent, child, module)  # as an import sets it: the package's own lookup never runs


defer()
