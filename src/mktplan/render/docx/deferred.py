"""Pillow, which python-pptx imports and mktplan's charts never call, loaded on first use.

:mod:`.chartparts` writes and styles charts with python-pptx, whose package imports
Pillow at the top of two modules that charts never run: ``pptx.parts.image`` (``PIL.Image``,
to read a picture's size) and ``pptx.text.layout`` (``PIL.ImageFont``, for
``TextFrame.fit_text``, which measures text with a TrueType font). Both use Pillow only
inside functions, yet the imports load Pillow's imaging core and FreeType: about 4 MiB
of the peak memory of a typical build (the benchmark's goal "memory: build typical" is
70 MiB).

Importing this module puts ``PIL.Image`` and ``PIL.ImageFont`` in :data:`sys.modules`
behind the standard library's :class:`importlib.util.LazyLoader`: a module runs when an
attribute of it is first used, and never if none is, so python-pptx and every other
importer see the real module whenever they use it. It must be imported before python-pptx
(the package's ``__init__`` does). Nothing changes when Pillow is already imported or
not installed.
"""

from __future__ import annotations

import importlib.util
import sys
from typing import Final

DEFERRED: Final = ("PIL.Image", "PIL.ImageFont")


def defer(name: str) -> None:
    """Make ``name`` (a submodule) a module that loads on its first attribute access."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)
    except ImportError:  # its package is not installed
        return
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)  # as the import system binds a submodule


for _name in DEFERRED:
    defer(_name)
