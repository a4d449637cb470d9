"""Loading: YAML text → plain data (strings, lists, dicts) plus a source-position map.

``read_plan_file`` / ``parse_yaml`` are the entry points; :mod:`.values` parses
dates, money and shares out of the strings the loader keeps verbatim.
"""

from mktplan.load.source import LoadedDocument, SourceMap, parse_yaml, read_plan_file

__all__ = ["LoadedDocument", "SourceMap", "parse_yaml", "read_plan_file"]
