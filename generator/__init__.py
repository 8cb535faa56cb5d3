"""Paper Archive: collected paper abstracts → a searchable, tag-indexed MkDocs site."""

__version__ = "0.1.0"
