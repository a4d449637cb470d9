"""Plan vs actuals: ``mktplan review`` reads files of actuals and compares them with a plan.

:mod:`~mktplan.review.actuals` streams the files into sums per line and month (never
keeping a row), :mod:`~mktplan.review.analysis` works out planned and actual to date,
variance, pacing, forecasts, KPI paths and ROI, :mod:`~mktplan.review.findings` turns
both into findings of the ``review`` rule family, and the ``report_*``/``workbook``
modules show the result. The layer sits beside ``report``, ``render`` and ``diff``.
"""
