"""Quality gates for the Baclofen Guide: one module per gate, run by `python -m scripts.check`.

Shared modules: report.py (Finding and its printing), rules.py (content-rules.yml),
context.py (what a gate is given), built.py (the built site mapped back to sources),
runner.py (the command line).
"""
