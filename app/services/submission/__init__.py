"""提出: the checklist, the submission files for city hall, and the record of every 版.

Each area contributes what the submission needs from it through small registries:
CHECKS (checklist.py), FIGURE_PROVIDERS (figures.py) and PARTS (parts.py).
"""
