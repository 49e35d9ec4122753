"""Sphinx glue: config, the ``keras-model`` directive, nodes, and one render step per builder."""
