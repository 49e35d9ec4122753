"""Reader processes: every model is read (built, described, run) in a spawned process.

Keras and its backend are imported only there, so a model's code that exits, crashes, hangs or
eats memory takes a reader with it, never the build. :mod:`.request` says what to read,
:mod:`.worker` is the reader's own program, :mod:`.pool` runs readers and contains their faults,
:mod:`.service` shares one pool with the forked processes of ``sphinx-build -j N``.
"""
