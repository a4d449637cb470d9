"""The files mktplan reads and writes, and nothing about plans: the bottom layer.

Command-line paths to plan files, regular files read within a size limit, files at a
git revision, and deliverables written atomically.
"""
