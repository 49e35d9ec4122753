extensions = ["sphinx_kerasviz"]
kerasviz_palette = "colorblind"  # the default of every diagram on the page
