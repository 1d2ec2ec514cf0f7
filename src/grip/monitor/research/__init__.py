"""Research export: pseudonymised responses and trajectories for analysts (ADR 0020).

``rows`` reads the scope and builds the rows (fresh keys per export, coarse dates, rare
combinations generalised), ``dictionary`` describes every column, ``package`` writes the zip
(CSV, Parquet, data dictionary); ``views`` and the ``research_export`` command are the two
ways in, both logged as an export in the access log.
"""
