"""Stage 4, enrich: keywords, summary and a title when the file had none, per article
(:func:`generator.enrich.stage.enrich`).

The package itself loads nothing: the corpus stage reads the keyword model
(:mod:`generator.enrich.keyword_model`) without loading the libraries the per-article work
needs (YAKE, lemminflect, wordfreq), which a rebuild's main process never uses.
"""
