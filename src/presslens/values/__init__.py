"""Values read from text, in one place each: figures with their units (`numbers`), how to print them
(`display`), dates (`dates`) and word forms (`words`).

This package sits at the bottom of the architecture (beside `presslens.layers`): the components,
the corpus analyses, the store, the report and the web app all read values through it, so they
never disagree on what "2.4-million", "since February 24" or "fatalities" means.
"""
