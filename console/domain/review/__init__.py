"""The station chief's review (复盘): delay breakdown, rates, distributions, workload.

Pure Python and numpy over plain data; the service (console.services.review) reads the
store and hands the results (review.results) to the UI.
"""
