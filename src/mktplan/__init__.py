"""mktplan: check and render YAML digital-marketing plans."""

__version__ = "0.1.0"
