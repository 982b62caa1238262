"""Build stages for the PERF newsletter archive.

The stages run in order: ``load`` (files to raw documents), ``validate`` (raw documents to typed
models, plus cross-file checks), ``render`` (models to Markdown pages) and ``site`` (writing the
pages and running MkDocs). ``build_site.py`` is the command line on top of them.
"""
