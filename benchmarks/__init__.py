"""Speed and fault benchmarks, outside the installed package.

`python -m benchmarks.pages` times every page, saving and Trends; `python -m benchmarks.data`
times imports and runs the SIGKILL crash loops. `make bench` runs both. Timings depend on the
machine, so tests never assert them; tests do reuse the generators and the crash child.
"""
