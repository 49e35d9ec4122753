"""The Sphinx glue: ``setup`` and ``config``; the directives on one base (``base``,
``plot_directive``; ``model_directive``, ``history_directive``, ``weights_directive``,
``explain_directives``, ``card_directive``) reading models through ``model_cache``; the
``nodes``, drawn by ``pictures`` while pages are read; visitors that only visit (``html``,
``latex``, ``text``) with their ``templates``; tables (``table``); ``schedule`` for ``-j N``."""
