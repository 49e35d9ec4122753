"""Reading a model, the feature every other one builds on: ``target`` parses the directive's
argument (never evaluated); ``reader`` and ``describe`` build the model in a clean Keras session
and turn it into the plain ``description`` every view draws from (the only modules here that
import Keras); ``cache`` keeps results on disk. They run in reader processes
(:mod:`sphinx_kerasviz.readers`), never in Sphinx's."""
